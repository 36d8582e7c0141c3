package city.onetem.platform.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import city.onetem.platform.fhir.Fhir;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;

/**
 * A search's matches are written as stored, not parsed and encoded again: the client must get
 * exactly the JSON that parsing and encoding gave.
 */
class BundlesTest {

    private static final String BASE = "http://localhost:8081/fhir/ServiceRequest";

    @Test
    void aSearchSetOfStoredResourcesIsTheJsonHapiWouldWrite() {
        List<String> stored = List.of(Fhir.toJson(referral("a1", "Leg ulcer \"dressing\", lives alone\nZoë ✓ <b>")),
                Fhir.toJson(referral("b-2.x", "Falls")));

        Bundle written = Bundles.searchSet(ServiceRequest.class, BASE, stored);

        assertEquals(theLongWay(stored, written.getMeta().getLastUpdated()), Fhir.toJson(written));
        Bundle read = Fhir.parse(Bundle.class, Fhir.toJson(written));
        assertEquals(2, read.getEntry().size());
        assertEquals(BASE + "/b-2.x", read.getEntry().get(1).getFullUrl());
        assertEquals("Falls", ((ServiceRequest) read.getEntry().get(1).getResource()).getNoteFirstRep().getText());
    }

    @Test
    void jsonInAnotherShapeIsReadAndWrittenAsHapiDoes() {
        String reordered = "{\"id\":\"c3\",\"resourceType\":\"ServiceRequest\",\"status\":\"active\",\"intent\":\"order\","
                + "\"subject\":{\"reference\":\"Patient/p\"}}";
        assertNull(Bundles.storedId("ServiceRequest", reordered));

        Bundle written = Bundles.searchSet(ServiceRequest.class, BASE, List.of(reordered));

        assertEquals(theLongWay(List.of(reordered), written.getMeta().getLastUpdated()), Fhir.toJson(written));
    }

    @Test
    void anEmptyPageIsTheBundleAlone() {
        Bundle written = Bundles.searchSet(ServiceRequest.class, BASE, List.of());
        assertEquals(theLongWay(List.of(), written.getMeta().getLastUpdated()), Fhir.toJson(written));
    }

    @Test
    void theIdIsTakenOnlyFromWhereHapiPutsIt() {
        assertEquals("a1", Bundles.storedId("ServiceRequest", "{\"resourceType\":\"ServiceRequest\",\"id\":\"a1\",\"x\":1}"));
        assertNull(Bundles.storedId("CarePlan", "{\"resourceType\":\"ServiceRequest\",\"id\":\"a1\"}"));
        assertNull(Bundles.storedId("ServiceRequest", "{\"resourceType\":\"ServiceRequest\",\"id\":\"a\\\"1\"}"));
        assertNull(Bundles.storedId("ServiceRequest", "{\"resourceType\":\"ServiceRequest\",\"status\":\"active\"}"));
    }

    /** What the search answered before: each match parsed into HAPI's model and the Bundle encoded. */
    private static String theLongWay(List<String> stored, Date lastUpdated) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal(stored.size());
        bundle.getMeta().setLastUpdated(lastUpdated);
        for (String json : stored) {
            ServiceRequest resource = Fhir.parse(ServiceRequest.class, json);
            bundle.addEntry().setFullUrl(BASE + "/" + resource.getIdElement().getIdPart()).setResource(resource)
                    .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        return Fhir.toJson(bundle);
    }

    private static ServiceRequest referral(String id, String note) {
        ServiceRequest referral = new ServiceRequest().setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE)
                .setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        referral.setId(id);
        referral.getMeta().setVersionId("3").setLastUpdated(new Date(1_764_000_000_000L));
        Patient person = new Patient();
        person.setId("person");
        person.addIdentifier(new Identifier().setSystem("https://fhir.nhs.uk/Id/nhs-number").setValue("9434765919"));
        referral.addContained(person);
        referral.setSubject(new Reference("#person"));
        referral.addExtension(new Extension("https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-SourceOfServiceRequest",
                new CodeableConcept(new Coding("https://onetem.city/fhir/CodeSystem/referral-source", "gp", null))));
        referral.addNote().setText(note);
        return referral;
    }
}
