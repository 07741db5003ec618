package com.fitplatform.gateway.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fitplatform.gateway.health.fitbit.FitbitNormalizer;
import com.fitplatform.gateway.health.fitbit.FitbitSignature;
import com.fitplatform.gateway.health.garmin.GarminNormalizer;
import com.fitplatform.gateway.health.googlefit.GoogleFitNormalizer;
import com.fitplatform.gateway.health.healthconnect.HealthConnectNormalizer;
import com.fitplatform.gateway.health.healthkit.HealthKitNormalizer;
import com.fitplatform.gateway.health.normalize.CanonicalPoint;
import com.fitplatform.gateway.health.normalize.PointSink;
import com.fitplatform.gateway.health.normalize.ProviderNormalizer;
import com.fitplatform.gateway.health.normalize.UnitConversions;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Normalization per provider, from the documented payload shapes; the unit table; Fitbit's signature vector. */
class HealthNormalizationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static PointSink run(ProviderNormalizer normalizer, String kind, String payload, String options)
            throws Exception {
        PointSink sink = new PointSink(normalizer.provider(), Instant.parse("2024-03-02T00:00:00Z"));
        normalizer.normalize(kind, JSON.readTree(payload), JSON.readTree(options), sink);
        return sink;
    }

    private static CanonicalPoint only(PointSink sink, String metric) {
        return sink.points().stream()
                .filter(p -> p.metric().equals(metric))
                .findFirst()
                .orElseThrow();
    }

    @ParameterizedTest
    @CsvSource({
        "1, lb, kg, 0.45359237",
        "160, lb, kg, 72.5747792",
        "5, km, m, 5000",
        "1, mi, m, 1609.344",
        "4.184, kJ, kcal, 1",
        "100, kJ, kcal, 23.9005736",
        "90, mg/dL, mmol/L, 5",
        "5.5, mmol/L, mmol/L, 5.5",
        "72000, g, kg, 72",
        "60, count/min, bpm, 60"
    })
    void shouldConvertUnitsToCanonical(double value, String unit, String canonical, double expected) {
        assertThat(UnitConversions.convert(value, unit, canonical)).get().satisfies(v -> assertThat(v)
                .isCloseTo(expected, within(1e-6)));
    }

    @Test
    void shouldRefuseConversionsBetweenDifferentQuantities() {
        assertThat(UnitConversions.convert(1, "kg", "m")).isEmpty();
        assertThat(UnitConversions.convert(1, "furlong", "m")).isEmpty();
    }

    @Test
    void shouldMatchFitbitSignatureVectorFromProviderReadme() {
        String body =
                "[{\"collectionType\":\"activities\",\"date\":\"2024-03-01\",\"ownerId\":\"228S74\",\"ownerType\":\"user\",\"subscriptionId\":\"1234\"}]";

        String signature = FitbitSignature.sign("csecret", body.getBytes(StandardCharsets.UTF_8));

        assertThat(signature).isEqualTo("IXPCaKHtNAE0+pOKu6Hix1bgCM0=");
        assertThat(FitbitSignature.verify(
                        "csecret", body.getBytes(StandardCharsets.UTF_8), "IXPCaKHtNAE0+pOKu6Hix1bgCM0="))
                .isTrue();
        assertThat(FitbitSignature.verify(
                        "other", body.getBytes(StandardCharsets.UTF_8), "IXPCaKHtNAE0+pOKu6Hix1bgCM0="))
                .isFalse();
    }

    @Test
    void shouldNormalizeFitbitStringValuesSleepStagesAndWeight() throws Exception {
        PointSink steps = run(
                new FitbitNormalizer(),
                "steps",
                "{\"activities-steps\":[{\"dateTime\":\"2024-03-01\",\"value\":\"8421\"},{\"dateTime\":\"2024-03-02\",\"value\":\"-5\"}]}",
                "{\"utcOffsetSeconds\":3600}");
        PointSink sleep = run(
                new FitbitNormalizer(),
                "sleep",
                "{\"sleep\":[{\"dateOfSleep\":\"2024-03-01\",\"logId\":26013218219,\"startTime\":\"2024-02-29T23:10:00.000\","
                        + "\"endTime\":\"2024-03-01T07:00:00.000\",\"timeInBed\":470,\"type\":\"stages\",\"levels\":{\"summary\":"
                        + "{\"deep\":{\"count\":3,\"minutes\":62},\"light\":{\"count\":20,\"minutes\":240},\"rem\":{\"count\":5,\"minutes\":98},"
                        + "\"wake\":{\"count\":12,\"minutes\":70}}}}]}",
                "{}");
        PointSink weight = run(
                new FitbitNormalizer(),
                "weight",
                "{\"weight\":[{\"bmi\":23.5,\"date\":\"2024-03-01\",\"fat\":18.2,\"logId\":1330991999000,\"source\":\"API\",\"time\":\"07:00:00\",\"weight\":165}]}",
                "{\"unitSystem\":\"en_US\"}");

        CanonicalPoint day = only(steps, "steps");
        assertThat(day.value()).isEqualTo(8421);
        assertThat(day.originalValue()).isEqualTo("8421");
        assertThat(day.start()).isEqualTo(Instant.parse("2024-02-29T23:00:00Z"));
        assertThat(steps.rejected()).singleElement().satisfies(r -> assertThat(r.reason())
                .contains("steps"));
        assertThat(only(sleep, "sleep_deep").value()).isEqualTo(62);
        assertThat(only(sleep, "sleep_awake").value()).isEqualTo(70);
        assertThat(only(sleep, "sleep_in_bed").value()).isEqualTo(470);
        assertThat(only(weight, "weight").value()).isCloseTo(74.84, within(0.01));
        assertThat(only(weight, "weight").originalUnit()).isEqualTo("lb");
        assertThat(only(weight, "body_fat").value()).isEqualTo(18.2);
    }

    @Test
    void shouldNormalizeGarminDailiesWithLocalOffsetAndKeepUnknownSummaries() throws Exception {
        PointSink sink = run(
                new GarminNormalizer(),
                "push",
                "{\"dailies\":[{\"userId\":\"g1\",\"summaryId\":\"x1\",\"calendarDate\":\"2024-03-01\",\"steps\":9000,"
                        + "\"distanceInMeters\":6500.5,\"activeKilocalories\":420,\"startTimeInSeconds\":1709247600,"
                        + "\"startTimeOffsetInSeconds\":3600,\"durationInSeconds\":86400,\"restingHeartRateInBeatsPerMinute\":58,"
                        + "\"averageHeartRateInBeatsPerMinute\":71,\"maxHeartRateInBeatsPerMinute\":150}],"
                        + "\"stressDetails\":[{\"summaryId\":\"s1\"}],"
                        + "\"bodyComps\":[{\"summaryId\":\"b1\",\"measurementTimeInSeconds\":1709280000,\"weightInGrams\":72500}]}",
                "{}");

        assertThat(only(sink, "steps").value()).isEqualTo(9000);
        assertThat(only(sink, "steps").start()).isEqualTo(Instant.ofEpochSecond(1709247600));
        assertThat(only(sink, "steps").details()).containsEntry("localOffsetSeconds", 3600);
        assertThat(only(sink, "distance").value()).isEqualTo(6500.5);
        assertThat(only(sink, "resting_heart_rate").value()).isEqualTo(58);
        assertThat(only(sink, "weight").value()).isEqualTo(72.5);
        assertThat(sink.unknown()).singleElement().satisfies(u -> assertThat(u.type())
                .isEqualTo("garmin/stressDetails"));
    }

    @Test
    void shouldNormalizeGoogleFitNanosecondStringsAndSummaries() throws Exception {
        PointSink sink = run(
                new GoogleFitNormalizer(),
                "aggregate",
                "{\"bucket\":[{\"startTimeMillis\":\"1709251200000\",\"endTimeMillis\":\"1709337600000\",\"dataset\":["
                        + "{\"dataSourceId\":\"derived:com.google.step_count.delta:com.google.android.gms:aggregated\",\"point\":[{"
                        + "\"startTimeNanos\":\"1709251200000000000\",\"endTimeNanos\":\"1709337600000000000\","
                        + "\"dataTypeName\":\"com.google.step_count.delta\",\"originDataSourceId\":\"raw:phone\",\"value\":[{\"intVal\":8421,\"mapVal\":[]}]}]},"
                        + "{\"dataSourceId\":\"derived:com.google.heart_rate.summary:agg\",\"point\":[{"
                        + "\"startTimeNanos\":\"1709251200000000000\",\"endTimeNanos\":\"1709337600000000000\","
                        + "\"dataTypeName\":\"com.google.heart_rate.summary\",\"value\":[{\"fpVal\":72.5},{\"fpVal\":140},{\"fpVal\":51}]}]},"
                        + "{\"dataSourceId\":\"derived:com.google.active_minutes:agg\",\"point\":[{"
                        + "\"startTimeNanos\":\"1709251200000000000\",\"endTimeNanos\":\"1709337600000000000\","
                        + "\"dataTypeName\":\"com.google.active_minutes\",\"value\":[{\"intVal\":30}]}]}]}]}",
                "{}");

        assertThat(only(sink, "steps").value()).isEqualTo(8421);
        assertThat(only(sink, "steps").start()).isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
        assertThat(only(sink, "steps").end()).isEqualTo(Instant.parse("2024-03-02T00:00:00Z"));
        assertThat(only(sink, "heart_rate").value()).isEqualTo(72.5);
        assertThat(only(sink, "heart_rate").details())
                .containsEntry("max", 140.0)
                .containsEntry("min", 51.0);
        assertThat(sink.unknown()).singleElement().satisfies(u -> assertThat(u.type())
                .isEqualTo("com.google.active_minutes"));
    }

    @Test
    void shouldNormalizeHealthKitUnitsSleepCategoriesAndRejectImpossibleValues() throws Exception {
        PointSink sink = run(
                new HealthKitNormalizer(),
                "samples",
                "[{\"uuid\":\"6B1D8C2E-0000-4000-8000-000000000001\",\"type\":\"HKQuantityTypeIdentifierBodyMass\",\"value\":160,\"unit\":\"lb\","
                        + "\"startDate\":\"2024-03-01T07:00:00Z\",\"endDate\":\"2024-03-01T07:00:00Z\"},"
                        + "{\"uuid\":\"6B1D8C2E-0000-4000-8000-000000000002\",\"type\":\"HKQuantityTypeIdentifierDistanceWalkingRunning\",\"value\":2,\"unit\":\"mi\","
                        + "\"startDate\":\"2024-03-01T08:00:00Z\",\"endDate\":\"2024-03-01T09:00:00Z\"},"
                        + "{\"uuid\":\"6B1D8C2E-0000-4000-8000-000000000003\",\"type\":\"HKQuantityTypeIdentifierActiveEnergyBurned\",\"value\":418.4,\"unit\":\"kJ\","
                        + "\"startDate\":\"2024-03-01T08:00:00Z\",\"endDate\":\"2024-03-01T09:00:00Z\"},"
                        + "{\"uuid\":\"6B1D8C2E-0000-4000-8000-000000000004\",\"type\":\"HKCategoryTypeIdentifierSleepAnalysis\",\"value\":4,"
                        + "\"startDate\":\"2024-03-01T01:00:00Z\",\"endDate\":\"2024-03-01T01:45:00Z\"},"
                        + "{\"uuid\":\"6B1D8C2E-0000-4000-8000-000000000005\",\"type\":\"HKQuantityTypeIdentifierHeartRate\",\"value\":900,\"unit\":\"count/min\","
                        + "\"startDate\":\"2024-03-01T08:00:00Z\",\"endDate\":\"2024-03-01T08:00:00Z\"},"
                        + "{\"uuid\":\"6B1D8C2E-0000-4000-8000-000000000006\",\"type\":\"HKQuantityTypeIdentifierBloodGlucose\",\"value\":90,\"unit\":\"mg/dL\","
                        + "\"startDate\":\"2024-03-01T08:00:00Z\",\"endDate\":\"2024-03-01T08:00:00Z\"},"
                        + "{\"uuid\":\"6B1D8C2E-0000-4000-8000-000000000007\",\"type\":\"HKQuantityTypeIdentifierOxygenSaturation\",\"value\":0.98,\"unit\":\"%\","
                        + "\"startDate\":\"2024-03-01T08:00:00Z\",\"endDate\":\"2024-03-01T08:00:00Z\"}]",
                "{}");

        assertThat(only(sink, "weight").value()).isCloseTo(72.5748, within(1e-4));
        assertThat(only(sink, "distance").value()).isCloseTo(3218.688, within(1e-6));
        assertThat(only(sink, "active_energy").value()).isCloseTo(100, within(1e-9));
        assertThat(only(sink, "sleep_deep").value()).isEqualTo(45);
        assertThat(only(sink, "blood_glucose").value()).isCloseTo(5.0, within(1e-9));
        assertThat(sink.rejected()).singleElement().satisfies(r -> assertThat(r.reason())
                .contains("heart_rate"));
        assertThat(sink.unknown()).singleElement().satisfies(u -> assertThat(u.type())
                .isEqualTo("HKQuantityTypeIdentifierOxygenSaturation"));
    }

    @Test
    void shouldNormalizeHealthConnectRecords() throws Exception {
        JsonNode options = JSON.readTree("{}");
        PointSink sink = new PointSink("health-connect", Instant.now());
        new HealthConnectNormalizer()
                .normalize(
                        "records",
                        JSON.readTree(
                                "[{\"recordType\":\"StepsRecord\",\"metadata\":{\"id\":\"hc-1\",\"lastModifiedTime\":\"2024-03-01T10:00:00Z\","
                                        + "\"device\":{\"manufacturer\":\"Google\",\"model\":\"Pixel 8\"}},\"startTime\":\"2024-03-01T08:00:00Z\","
                                        + "\"endTime\":\"2024-03-01T09:00:00Z\",\"count\":1200},"
                                        + "{\"recordType\":\"WeightRecord\",\"metadata\":{\"id\":\"hc-2\"},\"time\":\"2024-03-01T07:00:00Z\",\"weight\":{\"inPounds\":160}},"
                                        + "{\"recordType\":\"BloodPressureRecord\",\"metadata\":{\"id\":\"hc-3\"},\"time\":\"2024-03-01T07:00:00Z\","
                                        + "\"systolic\":{\"inMillimetersOfMercury\":120},\"diastolic\":{\"inMillimetersOfMercury\":80}},"
                                        + "{\"recordType\":\"BloodGlucoseRecord\",\"metadata\":{\"id\":\"hc-4\"},\"time\":\"2024-03-01T07:00:00Z\",\"level\":{\"inMilligramsPerDeciliter\":108}},"
                                        + "{\"recordType\":\"Vo2MaxRecord\",\"metadata\":{\"id\":\"hc-5\"},\"time\":\"2024-03-01T07:00:00Z\"}]"),
                        options,
                        sink);

        assertThat(only(sink, "steps").value()).isEqualTo(1200);
        assertThat(only(sink, "steps").device()).isEqualTo("Google Pixel 8");
        assertThat(only(sink, "steps").sourceUpdatedAt()).isEqualTo(Instant.parse("2024-03-01T10:00:00Z"));
        assertThat(only(sink, "weight").value()).isCloseTo(72.5748, within(1e-4));
        assertThat(only(sink, "blood_pressure").value()).isEqualTo(120);
        assertThat(only(sink, "blood_pressure").value2()).isEqualTo(80);
        assertThat(only(sink, "blood_glucose").value()).isCloseTo(6.0, within(1e-9));
        assertThat(sink.unknown()).singleElement().satisfies(u -> assertThat(u.type())
                .isEqualTo("Vo2MaxRecord"));
    }
}
