package io.lakeshare.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The inline session policy of vended credentials: read the objects under a table's prefixes (its
 * root; for a Delta table read as Iceberg, also its generated metadata) and list them, nothing else.
 * STS intersects it with what the assumed identity may do, so the credentials can never reach
 * further than this document, whatever the role allows.
 */
final class SessionPolicy {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SessionPolicy() {}

    /** The policy for {@code prefix} (empty or ending in '/') of {@code bucket}. */
    static String readOnly(String bucket, String prefix) {
        return readOnly(List.of(new ObjectPrefix(bucket, prefix)));
    }

    /**
     * The policy that reads the objects under each of {@code prefixes} and lists them: one statement
     * reading them all, and one listing statement per bucket, its condition naming that bucket's
     * prefixes (a condition cannot say which bucket a prefix belongs to).
     */
    static String readOnly(List<ObjectPrefix> prefixes) {
        if (prefixes.isEmpty()) {
            throw new IllegalArgumentException("A session policy reads at least one prefix");
        }
        ObjectNode policy = JSON.createObjectNode().put("Version", "2012-10-17");
        ArrayNode statements = policy.putArray("Statement");
        ObjectNode read = statements.addObject();
        read.put("Sid", "ReadTheTable").put("Effect", "Allow");
        read.putArray("Action").add("s3:GetObject");
        ArrayNode objects = read.putArray("Resource");
        Map<String, Set<String>> listed = new LinkedHashMap<>();
        for (ObjectPrefix prefix : new LinkedHashSet<>(prefixes)) {
            String pattern = literal(prefix.keyPrefix()) + "*";
            objects.add("arn:aws:s3:::" + prefix.bucket() + "/" + pattern);
            listed.computeIfAbsent(prefix.bucket(), b -> new LinkedHashSet<>()).add(pattern);
        }
        int n = 0;
        for (Map.Entry<String, Set<String>> bucket : listed.entrySet()) {
            ObjectNode list = statements.addObject();
            list.put("Sid", n++ == 0 ? "ListTheTable" : "ListTheTable" + n).put("Effect", "Allow");
            list.putArray("Action").add("s3:ListBucket");
            list.putArray("Resource").add("arn:aws:s3:::" + bucket.getKey());
            ArrayNode patterns =
                    list.putObject("Condition").putObject("StringLike").putArray("s3:prefix");
            bucket.getValue().forEach(patterns::add);
        }
        try {
            return JSON.writeValueAsString(policy);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a session policy", e);
        }
    }

    /**
     * A prefix as a literal in a policy's wildcard patterns: {@code *} and {@code ?} would match
     * other keys, and {@code $} starts a policy variable, so each is written as the variable that
     * stands for it ({@code ${*}}, {@code ${?}}, {@code ${$}}). JSON escaping is Jackson's.
     */
    static String literal(String prefix) {
        StringBuilder out = new StringBuilder(prefix.length() + 8);
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            switch (c) {
                case '*', '?', '$' -> out.append("${").append(c).append('}');
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
