package io.lakeshare.catalog;

import static io.lakeshare.Admin.admin;
import static io.lakeshare.Admin.createShare;
import static io.lakeshare.Admin.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Creates of the same name (or OIDC binding) at the same moment: one wins, the others are told it exists (409), as if
 * they had come second; never a 500. Run on H2 and on PostgreSQL (the build's second run).
 */
@QuarkusTest
class ConcurrentCreatesTest {

    private static final int CALLERS = 8;
    private static final int ROUNDS = 5;

    /** The statuses of {@code CALLERS} calls started at once. */
    private static List<Integer> atOnce(Supplier<Response> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
        try {
            CyclicBarrier start = new CyclicBarrier(CALLERS);
            List<Future<Response>> calls = new ArrayList<>();
            for (int i = 0; i < CALLERS; i++) {
                Callable<Response> task = () -> {
                    start.await();
                    return call.get();
                };
                calls.add(pool.submit(task));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Response> f : calls) {
                Response response = f.get();
                statuses.add(response.statusCode());
                if (response.statusCode() != 200 && response.statusCode() != 201) {
                    assertEquals("RESOURCE_ALREADY_EXISTS", response.path("errorCode"), response.asString());
                }
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void oneWinsTheRestConflict(List<Integer> statuses, int won) {
        assertEquals(1, statuses.stream().filter(s -> s == won).count(), statuses.toString());
        assertTrue(statuses.stream().allMatch(s -> s == won || s == 409), statuses.toString());
    }

    @Test
    void concurrentCreatesOfOneShareGiveOneShareAndConflicts() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String share = uniqueName("race");
            oneWinsTheRestConflict(
                    atOnce(() -> admin().body(Map.of("name", share, "schema", "s", "tables", List.of()))
                            .post("/api/admin/v1/shares")),
                    201);
            admin().get("/api/admin/v1/shares/{s}", share).then().statusCode(200);
        }
    }

    @Test
    void concurrentAddsOfOneTableInANewSchemaGiveOneTableAndConflicts() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String share = uniqueName("race");
            createShare(share, "default").statusCode(201);
            oneWinsTheRestConflict(
                    atOnce(() -> admin().body(Map.of("add", List.of("fresh:t:delta:demo:employees/")))
                            .patch("/api/admin/v1/shares/{s}", share)),
                    200);
            admin().get("/api/admin/v1/shares/{s}", share)
                    .then()
                    .statusCode(200)
                    .body("tables.size()", org.hamcrest.Matchers.equalTo(1));
        }
    }

    @Test
    void concurrentBindingsOfOneOidcSubjectGiveOneBindingAndConflicts() throws Exception {
        String recipient = uniqueName("race");
        admin().body(Map.of("name", recipient))
                .post("/api/admin/v1/recipients")
                .then()
                .statusCode(201);
        for (int round = 0; round < ROUNDS; round++) {
            String subject = uniqueName("subject");
            oneWinsTheRestConflict(
                    atOnce(() -> admin().body(Map.of(
                                    "recipient",
                                    recipient,
                                    "oidc",
                                    Map.of("issuer", "unreachable-idp", "subject", subject)))
                            .post("/api/admin/v1/tokens")),
                    201);
        }
        admin().queryParam("recipient", recipient)
                .get("/api/admin/v1/tokens")
                .then()
                .statusCode(200)
                .body("items.size()", org.hamcrest.Matchers.equalTo(ROUNDS));
    }

    @Test
    void concurrentTokensWithOneDescriptionAreAllIssued() throws Exception {
        String share = uniqueName("race");
        createShare(share, "default").statusCode(201);
        List<Integer> statuses = atOnce(() ->
                admin().body(Map.of("share", share, "description", "the same")).post("/api/admin/v1/tokens"));
        assertTrue(statuses.stream().allMatch(s -> s == 201), statuses.toString());
        admin().get("/api/admin/v1/tokens?share={s}", share)
                .then()
                .statusCode(200)
                .body("items.size()", org.hamcrest.Matchers.equalTo(CALLERS));
    }
}
