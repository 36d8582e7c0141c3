package city.onetem.referrals;

import city.onetem.platform.fhir.CodedValue;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Coded values are stored by their FHIR code, so the database reads the same as the API. */
final class ReferralColumns {

    private ReferralColumns() {
    }

    abstract static class CodeColumn<E extends Enum<E> & CodedValue> implements AttributeConverter<E, String> {

        private final Class<E> type;

        CodeColumn(Class<E> type) {
            this.type = type;
        }

        @Override
        public String convertToDatabaseColumn(E value) {
            return value == null ? null : value.code();
        }

        @Override
        public E convertToEntityAttribute(String code) {
            return code == null ? null : CodedValue.byCode(type, code)
                    .orElseThrow(() -> new IllegalStateException("Unknown " + type.getSimpleName() + " " + code));
        }
    }

    @Converter
    static class StateColumn extends CodeColumn<ReferralState> {
        StateColumn() {
            super(ReferralState.class);
        }
    }

    @Converter
    static class SourceColumn extends CodeColumn<ReferralSource> {
        SourceColumn() {
            super(ReferralSource.class);
        }
    }

    @Converter
    static class CategoryColumn extends CodeColumn<ServiceCategory> {
        CategoryColumn() {
            super(ServiceCategory.class);
        }
    }

    @Converter
    static class PriorityColumn extends CodeColumn<ReferralPriority> {
        PriorityColumn() {
            super(ReferralPriority.class);
        }
    }
}
