package city.onetem.platform.fhir;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Parameters;

/**
 * Reads and writes FHIR resources as JSON with HAPI, so resource methods take and return model
 * classes. Input is parsed strictly: a wrong resourceType or an unknown element is a 400.
 */
@Provider
@Consumes({FhirMediaType.FHIR_JSON, MediaType.APPLICATION_JSON})
@Produces({FhirMediaType.FHIR_JSON, MediaType.APPLICATION_JSON})
public class FhirJsonProvider implements MessageBodyReader<IBaseResource>, MessageBodyWriter<IBaseResource> {

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return IBaseResource.class.isAssignableFrom(type);
    }

    @Override
    @SuppressWarnings("unchecked")
    public IBaseResource readFrom(Class<IBaseResource> type, Type genericType, Annotation[] annotations,
            MediaType mediaType, MultivaluedMap<String, String> httpHeaders, InputStream entityStream)
            throws IOException {
        String body = new String(entityStream.readAllBytes(), StandardCharsets.UTF_8);
        if (body.isBlank() && Parameters.class.equals(type)) {
            return new Parameters(); // an operation called without inputs
        }
        Class<? extends IBaseResource> target = type.isInterface() ? null : type;
        return Fhir.parseStrict((Class<IBaseResource>) target, body);
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return IBaseResource.class.isAssignableFrom(type);
    }

    @Override
    public void writeTo(IBaseResource resource, Class<?> type, Type genericType, Annotation[] annotations,
            MediaType mediaType, MultivaluedMap<String, Object> httpHeaders, OutputStream entityStream)
            throws IOException {
        entityStream.write(Fhir.toJson(resource).getBytes(StandardCharsets.UTF_8));
    }
}
