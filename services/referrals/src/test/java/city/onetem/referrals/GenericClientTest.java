package city.onetem.referrals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import city.onetem.platform.access.Roles;
import city.onetem.platform.fhir.NhsNumber;
import city.onetem.platform.testing.DevKeys;
import city.onetem.platform.testing.GenericClients;
import city.onetem.platform.testing.RealInfrastructure;
import city.onetem.platform.testing.TestNhsNumbers;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;

/**
 * The Single Point of Access as a standard FHIR client sees it: HAPI's generic client, made the
 * usual way and not adjusted for this server, reads the CapabilityStatement and creates, reads,
 * vreads, searches (following the next link), follows _history, runs the operations, posts a
 * transaction and creates conditionally, all against the real database and broker.
 */
@QuarkusTest
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "referrals"))
class GenericClientTest {

    static final DevKeys KEYS = DevKeys.forThisJvm();
    static final String GP = KEYS.token("dr.patel", "J82001", Roles.REFERRER);
    static final String SPA = KEYS.token("spa.coordinator", "R1C", Roles.SPA);

    @Test
    void theCapabilityStatementSaysWhatTheServerDoes() {
        CapabilityStatement statement = GenericClients.of(GP).capabilities().ofType(CapabilityStatement.class).execute();
        CapabilityStatementRestResourceComponent referrals = statement.getRestFirstRep().getResource().stream()
                .filter(r -> r.getType().equals("ServiceRequest")).findFirst().orElseThrow();
        assertTrue(referrals.getConditionalCreate(), "conditional create is supported");
        Set<String> system = new HashSet<>();
        statement.getRestFirstRep().getInteraction().forEach(i -> system.add(i.getCode().toCode()));
        assertEquals(Set.of("transaction", "batch"), system);
    }

    @Test
    void createReadVreadSearchHistoryAndFollowTheNextPage() {
        IGenericClient client = GenericClients.of(GP);
        String nhsNumber = TestNhsNumbers.next();
        MethodOutcome created = client.create().resource(ReferralBuilder.gpReferral(nhsNumber).resource()).execute();
        assertTrue(created.getCreated());
        String id = created.getId().getIdPart();
        assertEquals("1", created.getId().getVersionIdPart());
        assertEquals("ServiceRequest", created.getId().getResourceType());

        ServiceRequest read = client.read().resource(ServiceRequest.class).withId(id).execute();
        assertEquals("1", read.getMeta().getVersionId());
        assertEquals(nhsNumber, read.getSubject().getIdentifier().getValue());
        ServiceRequest version = client.read().resource(ServiceRequest.class).withIdAndVersion(id, "1").execute();
        assertEquals(id, version.getIdElement().getIdPart());

        client.create().resource(ReferralBuilder.gpReferral(nhsNumber).resource()).execute();
        client.create().resource(ReferralBuilder.gpReferral(nhsNumber).resource()).execute();
        Bundle page = client.search().forResource(ServiceRequest.class)
                .where(ServiceRequest.PATIENT.hasChainedProperty(Patient.IDENTIFIER.exactly()
                        .systemAndCode(NhsNumber.SYSTEM, nhsNumber)))
                .count(2).returnBundle(Bundle.class).execute();
        assertEquals(2, page.getEntry().size());
        assertNotNull(page.getLink(Bundle.LINK_NEXT), "a next link to the rest");
        Set<String> seen = new HashSet<>();
        page.getEntry().forEach(e -> seen.add(e.getResource().getIdElement().getIdPart()));
        Bundle next = client.loadPage().next(page).execute();
        assertEquals(1, next.getEntry().size());
        assertNull(next.getLink(Bundle.LINK_NEXT), "the last page");
        next.getEntry().forEach(e -> seen.add(e.getResource().getIdElement().getIdPart()));
        assertEquals(3, seen.size(), "every referral once across the pages");
        assertTrue(seen.contains(id));

        Bundle history = client.history().onInstance(new IdType("ServiceRequest", id)).returnBundle(Bundle.class)
                .execute();
        assertEquals(1, history.getEntry().size());
        assertEquals("1", ((ServiceRequest) history.getEntryFirstRep().getResource()).getMeta().getVersionId());
    }

    @Test
    void operationsHandBackTheNewVersion() {
        String id = GenericClients.of(GP).create().resource(ReferralBuilder.gpReferral(TestNhsNumbers.next())
                .resource()).execute().getId().getIdPart();
        IGenericClient spa = GenericClients.of(SPA);
        Parameters triage = new Parameters();
        triage.addParameter().setName("priority").setValue(new CodeType("same-day"));
        MethodOutcome triaged = spa.operation().onInstance(new IdType("ServiceRequest", id)).named("$triage")
                .withParameters(triage).returnMethodOutcome().execute();
        // HAPI hands an operation's answer back as the resource, with the headers.
        assertEquals("2", triaged.getResource().getMeta().getVersionId());
        assertTrue(triaged.getResponseHeaders().get("content-location").get(0)
                .endsWith("/fhir/ServiceRequest/" + id + "/_history/2"));
        ServiceRequest accepted = spa.operation().onInstance(new IdType("ServiceRequest", id)).named("$accept")
                .withNoParameters(Parameters.class).returnResourceType(ServiceRequest.class).execute();
        assertEquals("3", accepted.getMeta().getVersionId());
        assertEquals(3, spa.history().onInstance(new IdType("ServiceRequest", id)).returnBundle(Bundle.class)
                .execute().getEntry().size());
    }

    @Test
    void aTransactionWithThePatientAndTheReferral() {
        String nhsNumber = TestNhsNumbers.next();
        Bundle transaction = ReferralBundles.patientAndReferral(Bundle.BundleType.TRANSACTION, nhsNumber);
        Bundle response = GenericClients.of(GP).transaction().withBundle(transaction).execute();
        assertEquals(Bundle.BundleType.TRANSACTIONRESPONSE, response.getType());
        assertEquals("200 OK", response.getEntry().get(0).getResponse().getStatus());
        assertEquals("201 Created", response.getEntry().get(1).getResponse().getStatus());
        String location = response.getEntry().get(1).getResponse().getLocation();
        ServiceRequest stored = GenericClients.of(GP).read().resource(ServiceRequest.class)
                .withUrl(location).execute();
        assertEquals(nhsNumber, IncomingReferral.patientOf(stored).getIdentifierFirstRep().getValue());
    }

    @Test
    void aConditionalCreateMakesOneReferralHoweverOftenItIsSent() {
        IGenericClient client = GenericClients.of(GP);
        String value = UUID.randomUUID().toString();
        String nhsNumber = TestNhsNumbers.next();
        ServiceRequest referral = ReferralBuilder.gpReferral(nhsNumber).identifier("https://gp.example/ref", value)
                .resource();
        MethodOutcome first = client.create().resource(referral)
                .conditionalByUrl("ServiceRequest?identifier=https://gp.example/ref|" + value).execute();
        MethodOutcome second = client.create().resource(referral)
                .conditionalByUrl("ServiceRequest?identifier=https://gp.example/ref|" + value).execute();
        assertTrue(first.getCreated());
        assertFalse(Boolean.TRUE.equals(second.getCreated()));
        assertEquals(first.getId().getIdPart(), second.getId().getIdPart());
        List<Bundle.BundleEntryComponent> found = client.search().forResource(ServiceRequest.class)
                .where(ServiceRequest.PATIENT.hasChainedProperty(Patient.IDENTIFIER.exactly()
                        .systemAndCode(NhsNumber.SYSTEM, nhsNumber)))
                .returnBundle(Bundle.class).execute().getEntry();
        assertEquals(1, found.size());
    }

}
