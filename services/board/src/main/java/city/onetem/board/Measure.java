package city.onetem.board;

import java.util.List;

/**
 * One measure as the measures page draws it: a line over the last weeks or bars across wards or
 * teams, with the same figures as a table for anyone who would rather read, or cannot see the chart.
 * A measure the person's role may not see, or whose service did not answer, says so instead.
 */
public record Measure(String id, String title, String kind, String unit, List<String> labels, List<Double> values,
        Double target, String targetLabel, String unavailable) {

    static Measure unavailable(String id, String title, String why) {
        return new Measure(id, title, "none", "", List.of(), List.of(), null, null, why);
    }

    /** The figure for each label as people read it: a suppressed small number is "fewer than 8 (not shown)". */
    public List<List<String>> rows() {
        return java.util.stream.IntStream.range(0, labels.size()).mapToObj(i -> List.of(labels.get(i),
                values.get(i) == null ? "not shown (small numbers)" : format(values.get(i)) + unit)).toList();
    }

    private static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format("%.1f", value);
    }
}
