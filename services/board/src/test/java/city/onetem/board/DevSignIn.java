package city.onetem.board;

import city.onetem.platform.testing.DevIdentityProvider;
import city.onetem.platform.testing.DevKeys;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.List;
import java.util.Map;

/** The development sign-in for the board's tests, started before the board and told where it is. */
public class DevSignIn implements QuarkusTestResourceLifecycleManager {

    static final String SECRET = "the-board-secret-for-these-tests-only";
    static DevIdentityProvider provider;

    @Override
    public Map<String, String> start() {
        provider = DevIdentityProvider.start(DevKeys.forThisJvm(), List.of(
                new DevIdentityProvider.DemoUser("nurse.jones", "Nurse Jones", "R1C", "community-nurse",
                        List.of("central"), "community nurse, central cluster team")), 0)
                .register(new DevIdentityProvider.Client("board", SECRET, "http://localhost:8089/"));
        return Map.of("onetem.board.sign-in-url", provider.url(), "onetem.board.client-secret", SECRET,
                "onetem.board.session-secret", "a-session-secret-of-more-than-32-characters",
                "onetem.board.public-url", "http://localhost:8089",
                // No services answer here: the page says so and shows the rest.
                "onetem.board.referrals-url", "http://localhost:1", "onetem.board.care-plans-url", "http://localhost:1",
                "onetem.board.discharge-url", "http://localhost:1", "onetem.board.virtual-ward-url", "http://localhost:1");
    }

    @Override
    public void stop() {
        provider.close();
    }
}
