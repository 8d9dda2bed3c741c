package io.lakeshare;

import static io.restassured.RestAssured.given;

import java.net.URL;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What an operator's Prometheus reads: the management port's metrics, series by series. */
public final class Metrics {

    private Metrics() {}

    public static String scrape(URL metrics) {
        return given().get(metrics).then().statusCode(200).extract().asString();
    }

    /** The value of one series (name and labels exactly as exposed) in a scrape; 0 when it is not there. */
    public static double value(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+]+)$")
                .matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
