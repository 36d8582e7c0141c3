package city.onetem.platform.fhir;

import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.PrimitiveType;

/** Reads the named inputs of a FHIR operation ($triage, $accept, ...) from its Parameters body. */
public final class OperationParameters {

    private final String operation;
    private final Parameters parameters;

    /** 400 naming the first parameter (or part) without a name: FHIR requires one, and HAPI's lookups fail without it. */
    public OperationParameters(String operation, Parameters parameters) {
        this.operation = operation;
        this.parameters = parameters == null ? new Parameters() : parameters;
        requireNames(this.parameters.getParameter(), "Parameters.parameter");
    }

    private void requireNames(List<ParametersParameterComponent> parameters, String path) {
        for (int i = 0; i < parameters.size(); i++) {
            ParametersParameterComponent parameter = parameters.get(i);
            String at = path + "[" + i + "]";
            if (parameter.getName() == null || parameter.getName().isBlank()) {
                throw FhirException.invalid(at + ".name", operation + ": every parameter needs a name, e.g. "
                        + "{\"name\": \"reason\", \"valueString\": \"...\"}; " + at + " has none");
            }
            requireNames(parameter.getPart(), at + ".part");
        }
    }

    /** A primitive input as text, if given. */
    public Optional<String> text(String name) {
        ParametersParameterComponent parameter = parameters.getParameter(name);
        if (parameter == null) {
            return Optional.empty();
        }
        if (!(parameter.getValue() instanceof PrimitiveType<?> value) || !value.hasValue()) {
            throw FhirException.invalid("Parameters.parameter('" + name + "')",
                    operation + ": parameter '" + name + "' needs a value (valueString, valueCode, ...)");
        }
        return Optional.of(value.getValueAsString());
    }

    /** Every value of a repeated primitive input, in order. */
    public List<String> texts(String name) {
        return parameters.getParameters(name).stream().map(parameter -> {
            if (!(parameter.getValue() instanceof PrimitiveType<?> value) || !value.hasValue()) {
                throw FhirException.invalid("Parameters.parameter('" + name + "')",
                        operation + ": each parameter '" + name + "' needs a value (valueString, valueCode, ...)");
            }
            return value.getValueAsString();
        }).toList();
    }

    /** Every value of a repeated input made of parts (parameter.part), each read like the whole. */
    public List<OperationParameters> parts(String name) {
        return parameters.getParameters(name).stream().map(parameter -> {
            Parameters parts = new Parameters();
            parameter.getPart().forEach(part -> parts.addParameter(part.copy()));
            return new OperationParameters(operation + " " + name, parts);
        }).toList();
    }

    public String requiredText(String name, String why) {
        return text(name).orElseThrow(() -> FhirException.invalid("Parameters.parameter('" + name + "')",
                operation + " needs parameter '" + name + "': " + why));
    }

    /** A date input (valueDate, a whole day), if given. */
    public Optional<java.time.LocalDate> date(String name) {
        ParametersParameterComponent parameter = parameters.getParameter(name);
        if (parameter == null) {
            return Optional.empty();
        }
        if (!(parameter.getValue() instanceof org.hl7.fhir.r4.model.DateType value) || !value.hasValue()
                || value.getValueAsString().length() != "yyyy-mm-dd".length()) {
            throw FhirException.invalid("Parameters.parameter('" + name + "')",
                    operation + ": parameter '" + name + "' needs a valueDate, a whole day such as 2027-01-31");
        }
        return Optional.of(java.time.LocalDate.parse(value.getValueAsString()));
    }

    public Optional<Date> dateTime(String name) {
        ParametersParameterComponent parameter = parameters.getParameter(name);
        if (parameter == null) {
            return Optional.empty();
        }
        if (!(parameter.getValue() instanceof org.hl7.fhir.r4.model.DateTimeType value) || !value.hasValue()) {
            throw FhirException.invalid("Parameters.parameter('" + name + "')",
                    operation + ": parameter '" + name + "' needs a valueDateTime with a time zone");
        }
        return Optional.of(value.getValue());
    }
}
