package com.fitplatform.gateway.payments.webmoney;

import com.fitplatform.gateway.payments.WebhookSignatures;
import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * WebMoney interface X18, "payment details by payment number" ({@code POST
 * https://merchant.webmoney.ru/conf/xml/XMLTransGet.asp}): the request {@code <merchant.request>}
 * names the merchant's WMID, the payee purse and the LMI_PAYMENT_NO, authenticated by {@code
 * <sha256>} = SHA-256 of wmid + lmi_payee_purse + lmi_payment_no + secret key (the same secret as
 * LMI_HASH); the answer {@code <merchant.response>} has {@code retval} 0 and an {@code <operation
 * wmtransid wminvoiceid>} with amount, operdate, pursefrom, wmidfrom when the payment was made,
 * {@code retval} -8 when no payment with that number was made, any other value for a refused request.
 */
public final class X18Messages {

    /** retval when the payment was made. */
    public static final String PAID = "0";

    /** retval when no payment with that number was made (yet). */
    public static final String NOT_PAID = "-8";

    /** The answer; operation fields are empty unless retval is {@link #PAID}. */
    public record Answer(String retval, String retdesc, Map<String, String> operation) {}

    private X18Messages() {}

    public static String sha256(String wmid, String purse, String paymentNo, String secretKey) {
        return WebhookSignatures.hex(WebhookSignatures.digest("SHA-256", wmid + purse + paymentNo + secretKey))
                .toUpperCase();
    }

    public static String request(String wmid, String purse, String paymentNo, String secretKey) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>" + "<merchant.request>"
                + element("wmid", wmid)
                + element("lmi_payee_purse", purse)
                + element("lmi_payment_no", paymentNo)
                + element("lmi_payment_no_type", "0")
                + element("sign", "")
                + element("sha256", sha256(wmid, purse, paymentNo, secretKey))
                + element("md5", "")
                + element("secret_key", "")
                + "</merchant.request>";
    }

    /** The fields of a {@code <merchant.request>} (the fake reads requests with it). */
    public static Map<String, String> requestFields(byte[] xml) {
        Element root = parse(xml, "merchant.request");
        Map<String, String> fields = new LinkedHashMap<>();
        for (Node child = root.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                fields.put(element.getTagName(), element.getTextContent().trim());
            }
        }
        return fields;
    }

    public static Answer answer(byte[] xml) {
        Element root = parse(xml, "merchant.response");
        Map<String, String> operation = new LinkedHashMap<>();
        Element op = child(root, "operation");
        if (op != null) {
            operation.put("wmtransid", op.getAttribute("wmtransid"));
            operation.put("wminvoiceid", op.getAttribute("wminvoiceid"));
            for (Node child = op.getFirstChild(); child != null; child = child.getNextSibling()) {
                if (child instanceof Element element) {
                    operation.put(element.getTagName(), element.getTextContent().trim());
                }
            }
        }
        return new Answer(text(root, "retval"), text(root, "retdesc"), operation);
    }

    public static String response(String retval, String retdesc, Map<String, String> operation) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><merchant.response>");
        if (operation != null) {
            xml.append("<operation wmtransid=\"")
                    .append(escape(operation.getOrDefault("wmtransid", "")))
                    .append("\" wminvoiceid=\"")
                    .append(escape(operation.getOrDefault("wminvoiceid", "")))
                    .append("\">");
            operation.forEach((name, value) -> {
                if (!name.equals("wmtransid") && !name.equals("wminvoiceid")) {
                    xml.append(element(name, value));
                }
            });
            xml.append("</operation>");
        }
        return xml.append(element("retval", retval))
                .append(element("retdesc", retdesc))
                .append("</merchant.response>")
                .toString();
    }

    private static Element parse(byte[] xml, String rootName) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            // A provider answer is data, never a reason to fetch anything: no DTDs, no entities.
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            factory.setXIncludeAware(false);
            Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
            Element root = document.getDocumentElement();
            if (!rootName.equals(root.getTagName())) {
                throw new IllegalArgumentException("Expected <" + rootName + ">, got <" + root.getTagName() + ">");
            }
            return root;
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalArgumentException("Not an X18 message: " + e.getMessage(), e);
        }
    }

    private static Element child(Element parent, String name) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && element.getTagName().equals(name)) {
                return element;
            }
        }
        return null;
    }

    private static String text(Element parent, String name) {
        Element element = child(parent, name);
        return element == null ? "" : element.getTextContent().trim();
    }

    private static String element(String name, String value) {
        return "<" + name + ">" + escape(value) + "</" + name + ">";
    }

    private static String escape(String value) {
        return value.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
