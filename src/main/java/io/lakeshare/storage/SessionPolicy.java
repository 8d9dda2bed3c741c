package io.lakeshare.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The inline session policy of vended credentials: read the objects under one prefix of one bucket
 * and list that prefix, nothing else. STS intersects it with what the assumed identity may do, so
 * the credentials can never reach further than this document, whatever the role allows.
 */
final class SessionPolicy {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SessionPolicy() {}

    /** The policy for {@code prefix} (empty or ending in '/') of {@code bucket}. */
    static String readOnly(String bucket, String prefix) {
        String pattern = literal(prefix) + "*";
        ObjectNode policy = JSON.createObjectNode().put("Version", "2012-10-17");
        ArrayNode statements = policy.putArray("Statement");
        ObjectNode read = statements.addObject();
        read.put("Sid", "ReadTheTable").put("Effect", "Allow");
        read.putArray("Action").add("s3:GetObject");
        read.putArray("Resource").add("arn:aws:s3:::" + bucket + "/" + pattern);
        ObjectNode list = statements.addObject();
        list.put("Sid", "ListTheTable").put("Effect", "Allow");
        list.putArray("Action").add("s3:ListBucket");
        list.putArray("Resource").add("arn:aws:s3:::" + bucket);
        list.putObject("Condition")
                .putObject("StringLike")
                .putArray("s3:prefix")
                .add(pattern);
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
