package city.onetem.referrals;

import city.onetem.platform.fhir.CodedValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Coding;

/**
 * The code tables that turn what referrers send (SNOMED CT, NHS Pathways, BaRS, ODS codes) into the
 * SPA's sources, services and urgency. They are data: tab-separated files under vocabulary/ in the
 * service, or the same files in the directory {@code onetem.referrals.vocabulary-dir} names, which
 * replace them one by one. A file that names a source or service the SPA does not have stops the
 * service at start, naming the file and line: a mapping never fails quietly on a referral.
 */
public record Vocabulary(Map<String, ReferralSource> sources, List<OrganisationRule> organisations,
        Map<String, ServiceCategory> categories, Map<String, Integer> urgencyMinutes) {

    static final String SOURCES = "referral-sources.tsv";
    static final String ORGANISATIONS = "referrer-organisations.tsv";
    static final String CATEGORIES = "service-categories.tsv";
    static final String URGENCY = "urgency.tsv";

    /** An ODS code pattern and the source an organisation matching it is. */
    public record OrganisationRule(Pattern odsCode, ReferralSource source) {
    }

    /** One data row: where it came from, for the message when it is wrong, and its columns. */
    record Row(String where, String[] columns) {

        String column(int index) {
            if (index >= columns.length || columns[index].isBlank()) {
                throw new IllegalStateException(where + ": column " + (index + 1) + " is empty");
            }
            return columns[index].strip();
        }
    }

    /** The tables as shipped, each replaced by the file of the same name in {@code directory} if it has one. */
    public static Vocabulary load(Optional<Path> directory) {
        Function<String, List<Row>> rows = file -> rows(file, directory);
        Map<String, ReferralSource> sources = new LinkedHashMap<>();
        for (Row row : rows.apply(SOURCES)) {
            put(sources, row, key(row.column(0), row.column(1)), code(ReferralSource.class, row, 2));
        }
        List<OrganisationRule> organisations = new ArrayList<>();
        for (Row row : rows.apply(ORGANISATIONS)) {
            organisations.add(new OrganisationRule(Pattern.compile(row.column(0)), code(ReferralSource.class, row, 1)));
        }
        Map<String, ServiceCategory> categories = new LinkedHashMap<>();
        for (Row row : rows.apply(CATEGORIES)) {
            put(categories, row, key(row.column(0), row.column(1)), code(ServiceCategory.class, row, 2));
        }
        Map<String, Integer> urgency = new LinkedHashMap<>();
        for (Row row : rows.apply(URGENCY)) {
            int minutes;
            try {
                minutes = Integer.parseInt(row.column(2));
            } catch (NumberFormatException e) {
                throw new IllegalStateException(row.where() + ": minutes must be a whole number, not " + row.column(2));
            }
            put(urgency, row, key(row.column(0), row.column(1)), minutes);
        }
        return new Vocabulary(Map.copyOf(sources), List.copyOf(organisations), Map.copyOf(categories),
                Map.copyOf(urgency));
    }

    public Optional<ReferralSource> source(Coding coding) {
        return Optional.ofNullable(sources.get(key(coding)));
    }

    /** What kind of organisation an ODS code names, by the first pattern it matches. */
    public Optional<ReferralSource> sourceOfOrganisation(String odsCode) {
        return organisations.stream().filter(rule -> rule.odsCode().matcher(odsCode).matches())
                .map(OrganisationRule::source).findFirst();
    }

    public Optional<ServiceCategory> category(Coding coding) {
        return Optional.ofNullable(categories.get(key(coding)));
    }

    public Optional<Integer> urgencyMinutes(Coding coding) {
        return Optional.ofNullable(urgencyMinutes.get(key(coding)));
    }

    private static String key(Coding coding) {
        return key(coding.getSystem(), coding.getCode());
    }

    private static String key(String system, String code) {
        return system + "|" + code;
    }

    private static <V> void put(Map<String, V> table, Row row, String key, V value) {
        if (table.putIfAbsent(key, value) != null) {
            throw new IllegalStateException(row.where() + ": " + key + " is mapped twice");
        }
    }

    private static <E extends Enum<E> & CodedValue> E code(Class<E> type, Row row, int column) {
        String code = row.column(column);
        return CodedValue.byCode(type, code).orElseThrow(() -> new IllegalStateException(row.where() + ": '" + code
                + "' is not a " + type.getSimpleName() + " of the SPA"));
    }

    private static List<Row> rows(String file, Optional<Path> directory) {
        String text;
        String where;
        try {
            Optional<Path> replacement = directory.map(d -> d.resolve(file)).filter(Files::isRegularFile);
            if (replacement.isPresent()) {
                text = Files.readString(replacement.get());
                where = replacement.get().toString();
            } else {
                try (InputStream shipped = Vocabulary.class.getResourceAsStream("/vocabulary/" + file)) {
                    if (shipped == null) {
                        throw new IllegalStateException("vocabulary/" + file + " is missing from the service");
                    }
                    text = new String(shipped.readAllBytes(), StandardCharsets.UTF_8);
                    where = "vocabulary/" + file;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the vocabulary file " + file, e);
        }
        List<Row> rows = new ArrayList<>();
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].isBlank() && !lines[i].startsWith("#")) {
                rows.add(new Row(where + " line " + (i + 1), lines[i].split("\t")));
            }
        }
        return rows;
    }
}
