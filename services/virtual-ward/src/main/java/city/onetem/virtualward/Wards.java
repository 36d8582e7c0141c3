package city.onetem.virtualward;

import io.smallrye.config.ConfigMapping;
import java.util.Map;

/** The city's virtual wards by code, each with its name and beds, from configuration. */
@ConfigMapping(prefix = "onetem.virtual-ward")
public interface Wards {

    Map<String, Ward> wards();

    interface Ward {
        String name();

        /** Remote monitoring places: the most people on the ward at once, unless a clinician overrides. */
        int beds();
    }
}
