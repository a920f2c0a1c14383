package io.backstop.bench;

import java.util.Map;

/**
 * One measured figure, and where the benchmark has one, the limit measured in the same run and the ratio the
 * target is stated in. {@code pass} is null for figures without a target.
 */
public record Measurement(
        String benchmark,
        String name,
        double value,
        String unit,
        String limitName,
        Double limitValue,
        Double ratio,
        String target,
        Boolean pass,
        Map<String, Object> details,
        String captureMode) {

    static Measurement figure(String benchmark, String name, double value, String unit, Map<String, Object> details) {
        return new Measurement(benchmark, name, value, unit, null, null, null, null, null, details, null);
    }

    /** The same figure, measured on a stack capturing in {@code mode} (debezium or outbox). */
    Measurement inMode(String mode) {
        return new Measurement(benchmark, name, value, unit, limitName, limitValue, ratio, target, pass, details, mode);
    }

    /** A figure compared with a limit: {@code ratio = value / limit}, passing when it reaches {@code minRatio}. */
    static Measurement againstLimit(
            String benchmark,
            String name,
            double value,
            String unit,
            String limitName,
            double limit,
            double minRatio,
            Map<String, Object> details) {
        double ratio = limit == 0 ? 0 : value / limit;
        return new Measurement(
                benchmark,
                name,
                value,
                unit,
                limitName,
                limit,
                ratio,
                "ratio >= " + minRatio,
                ratio >= minRatio,
                details,
                null);
    }

    /** A figure that must stay at or below a ceiling, stated as a ratio ({@code value / reference <= maxRatio}). */
    static Measurement atMost(
            String benchmark,
            String name,
            double value,
            String unit,
            String referenceName,
            double reference,
            double maxRatio,
            Map<String, Object> details) {
        double ratio = reference == 0 ? 0 : value / reference;
        return new Measurement(
                benchmark,
                name,
                value,
                unit,
                referenceName,
                reference,
                ratio,
                "ratio <= " + maxRatio,
                ratio <= maxRatio,
                details,
                null);
    }
}
