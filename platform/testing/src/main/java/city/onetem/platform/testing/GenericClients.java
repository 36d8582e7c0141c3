package city.onetem.platform.testing;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import io.restassured.RestAssured;

/**
 * HAPI FHIR's generic client, as an integrator out there would use it against a service under
 * test: made the usual way, with nothing set but the base URL and a bearer token, so that what it
 * sends (headers, content types, _format, Prefer) is what a standard FHIR client sends.
 */
public final class GenericClients {

    private static final FhirContext CONTEXT = FhirContext.forR4Cached();

    private GenericClients() {
    }

    /** A client of the service this @QuarkusTest started, as the caller this token names. */
    public static IGenericClient of(String token) {
        return of(RestAssured.baseURI + ":" + RestAssured.port + "/fhir", token);
    }

    public static IGenericClient of(String baseUrl, String token) {
        IGenericClient client = CONTEXT.newRestfulGenericClient(baseUrl);
        client.registerInterceptor(new BearerTokenAuthInterceptor(token));
        return client;
    }
}
