package city.onetem.platform.store;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.util.List;

/** Counts and grouped counts over a service's own tables, in SQL, for its measures. */
public final class NativeCounts {

    private NativeCounts() {
    }

    public static long count(EntityManager entityManager, String sql, Object... parameters) {
        return ((Number) query(entityManager, sql, parameters).getSingleResult()).longValue();
    }

    @SuppressWarnings("unchecked")
    public static List<Object[]> rows(EntityManager entityManager, String sql, Object... parameters) {
        return query(entityManager, sql, parameters).getResultList();
    }

    private static Query query(EntityManager entityManager, String sql, Object... parameters) {
        Query query = entityManager.createNativeQuery(sql);
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        return query;
    }
}
