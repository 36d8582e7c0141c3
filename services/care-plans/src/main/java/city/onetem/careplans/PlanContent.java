package city.onetem.careplans;

import city.onetem.platform.events.CarePlanContract;
import city.onetem.platform.fhir.FhirException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

/**
 * The parts of the plan's own content that have rules and are counted: the anticipatory care
 * plan (what to do if things get worse, and when it is next reviewed) and end of life care.
 * What matters to the person is CarePlan.description; conditions and risks (falls, a learning
 * disability and its reasonable adjustments, safeguarding) are Conditions in CarePlan.addresses
 * and Flags in supportingInfo, contained in the plan. Those need no rules beyond FHIR's own.
 */
final class PlanContent {

    private static final Map<String, Class<? extends Type>> ANTICIPATORY = Map.of(
            "plan", StringType.class, "reviewDate", DateType.class);
    private static final Map<String, Class<? extends Type>> END_OF_LIFE = Map.of(
            "register", BooleanType.class, "preferredPlaceOfCare", StringType.class,
            "preferredPlaceOfDeath", StringType.class, "respect", DateType.class, "chcFastTrack", BooleanType.class);

    private PlanContent() {
    }

    /**
     * 400 naming the element when a person's edit gets the shape of either section wrong, or puts
     * the plan in a target group the city does not have.
     */
    static void check(CarePlan plan, Set<String> targetGroups) {
        for (int i = 0; i < plan.getCategory().size(); i++) {
            for (var coding : plan.getCategory().get(i).getCoding()) {
                // A code given only as an extension (_code) has no value: not a group either.
                if (CarePlanContract.TARGET_GROUP_SYSTEM.equals(coding.getSystem())
                        && (coding.getCode() == null || !targetGroups.contains(coding.getCode()))) {
                    throw FhirException.invalid("CarePlan.category[" + i + "]", "'" + coding.getCode()
                            + "' is not one of the city's target groups: " + String.join(", ", targetGroups));
                }
            }
        }
        Extension anticipatory = plan.getExtensionByUrl(CarePlanContract.ANTICIPATORY_CARE_EXTENSION);
        if (anticipatory != null) {
            checkParts(anticipatory, ANTICIPATORY, "anticipatory care plan");
            for (String required : List.of("plan", "reviewDate")) {
                if (anticipatory.getExtensionByUrl(required) == null) {
                    throw FhirException.invalid(path(anticipatory, required), "An anticipatory care plan says what to do "
                            + "if things get worse ('plan') and when it is next reviewed ('reviewDate'); '" + required
                            + "' is missing");
                }
            }
        }
        Extension endOfLife = plan.getExtensionByUrl(CarePlanContract.END_OF_LIFE_EXTENSION);
        if (endOfLife != null) {
            checkParts(endOfLife, END_OF_LIFE, "end of life");
        }
    }

    /** When the anticipatory care plan is next due for review, if the plan has one. */
    static LocalDate reviewDate(CarePlan plan) {
        Extension anticipatory = plan.getExtensionByUrl(CarePlanContract.ANTICIPATORY_CARE_EXTENSION);
        Extension review = anticipatory == null ? null : anticipatory.getExtensionByUrl("reviewDate");
        return review != null && review.getValue() instanceof DateType date && date.hasValue()
                ? LocalDate.parse(date.getValueAsString()) : null;
    }

    /** The target groups the plan is in. */
    static Set<String> targetGroups(CarePlan plan) {
        Set<String> codes = new java.util.TreeSet<>();
        plan.getCategory().forEach(category -> category.getCoding().stream()
                .filter(coding -> CarePlanContract.TARGET_GROUP_SYSTEM.equals(coding.getSystem()))
                .forEach(coding -> codes.add(coding.getCode())));
        return codes;
    }

    static boolean onEndOfLifeRegister(CarePlan plan) {
        Extension endOfLife = plan.getExtensionByUrl(CarePlanContract.END_OF_LIFE_EXTENSION);
        Extension register = endOfLife == null ? null : endOfLife.getExtensionByUrl("register");
        return register != null && register.getValue() instanceof BooleanType flag && flag.booleanValue();
    }

    private static void checkParts(Extension section, Map<String, Class<? extends Type>> parts, String what) {
        for (Extension part : section.getExtension()) {
            Class<? extends Type> type = parts.get(part.getUrl());
            if (type == null) {
                throw FhirException.invalid(path(section, part.getUrl()), "The " + what + " section has no '"
                        + part.getUrl() + "'; its parts are " + String.join(", ", new java.util.TreeSet<>(parts.keySet())));
            }
            // A part given only as an extension (_valueDate) has the element but no value.
            if (!type.isInstance(part.getValue()) || !(part.getValue() instanceof PrimitiveType<?> value && value.hasValue())) {
                throw FhirException.invalid(path(section, part.getUrl()), "'" + part.getUrl() + "' in the " + what
                        + " section needs a value" + type.getSimpleName().replace("Type", ""));
            }
            if (part.getValue() instanceof DateType date && date.getValueAsString().length() != "yyyy-mm-dd".length()) {
                throw FhirException.invalid(path(section, part.getUrl()), "'" + part.getUrl() + "' in the " + what
                        + " section is a whole date, e.g. 2027-01-31");
            }
        }
    }

    private static String path(Extension section, String part) {
        return "CarePlan.extension('" + section.getUrl() + "').extension('" + part + "')";
    }
}
