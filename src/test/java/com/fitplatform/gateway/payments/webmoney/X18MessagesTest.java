package com.fitplatform.gateway.payments.webmoney;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** WebMoney interface X18 messages in the format of WebMoney's documentation. */
class X18MessagesTest {

    @Test
    void shouldAuthenticateTheRequestBySha256OfWmidPursePaymentNumberAndSecret() {
        String request = X18Messages.request("123456789012", "P123456789012", "1444212666", "sandbox_secret_key");

        assertThat(request)
                .contains("<merchant.request>")
                .contains("<wmid>123456789012</wmid>")
                .contains("<lmi_payee_purse>P123456789012</lmi_payee_purse>")
                .contains("<lmi_payment_no>1444212666</lmi_payment_no>")
                .contains("<sha256>BFDC8865928DD4ABD4108C6FCBE8BA7EEB869FD471EC79AF501B7F98BC9A7340</sha256>")
                .doesNotContain("sandbox_secret_key");
        assertThat(X18Messages.requestFields(request.getBytes(StandardCharsets.UTF_8)))
                .containsEntry("lmi_payment_no", "1444212666")
                .containsEntry("secret_key", "");
    }

    @Test
    void shouldReadAPaidOperationFromAWindows1251Answer() {
        String xml = "<?xml version=\"1.0\" encoding=\"windows-1251\"?><merchant.response>"
                + "<operation wmtransid=\"1860218426\" wminvoiceid=\"540201736\"><amount>14.65</amount>"
                + "<operdate>20151007 13:07:36</operdate><purpose>Оплата заказа</purpose>"
                + "<pursefrom>Z366393600555</pursefrom><wmidfrom>404521188333</wmidfrom></operation>"
                + "<retval>0</retval><retdesc></retdesc></merchant.response>";

        X18Messages.Answer answer = X18Messages.answer(xml.getBytes(Charset.forName("windows-1251")));

        assertThat(answer.retval()).isEqualTo(X18Messages.PAID);
        assertThat(answer.operation())
                .containsEntry("wmtransid", "1860218426")
                .containsEntry("wminvoiceid", "540201736")
                .containsEntry("amount", "14.65")
                .containsEntry("purpose", "Оплата заказа");
    }

    @Test
    void shouldReadAPaymentNotMadeAndRefuseDoctypes() {
        X18Messages.Answer answer = X18Messages.answer(
                "<merchant.response><retval>-8</retval><retdesc>not found</retdesc></merchant.response>"
                        .getBytes(StandardCharsets.UTF_8));

        assertThat(answer.retval()).isEqualTo(X18Messages.NOT_PAID);
        assertThat(answer.operation()).isEmpty();
        assertThatThrownBy(() -> X18Messages.answer(
                        ("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                                        + "<merchant.response><retval>&x;</retval></merchant.response>")
                                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
