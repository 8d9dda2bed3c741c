package io.lakeshare.errors;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A request body Jackson could not read, told in the request's own terms: which field, and what it
 * should hold. Jackson's messages name the Java types the body was read into, which are the
 * server's business; none of them is quoted.
 */
final class JsonProblems {

    private JsonProblems() {}

    static LakeshareException describe(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            return LakeshareException.malformed(
                    "The request body is nested too deeply or holds a value too long to read" + at(e));
        }
        if (e instanceof InputCoercionException coercion) {
            String field = currentField(coercion.getProcessor());
            return LakeshareException.invalidParameter((field == null ? "A number" : "Field '" + field + "'")
                    + " is out of range: " + expected(coercion.getTargetType()) + " is expected");
        }
        if (e instanceof JsonMappingException mapping) {
            String field = path(mapping.getPath());
            if (mapping.getCause() instanceof InputCoercionException coercion && !field.isEmpty()) {
                return LakeshareException.invalidParameter("Field '" + field + "' is out of range: "
                        + expected(coercion.getTargetType()) + " is expected");
            }
            if (field.isEmpty()) {
                return LakeshareException.malformed("The request body must be a JSON object");
            }
            Class<?> target = e instanceof MismatchedInputException m ? m.getTargetType() : null;
            return LakeshareException.invalidParameter(
                    "Field '" + field + "' must be " + (target == null ? "of another type" : expected(target)));
        }
        return LakeshareException.malformed("The request body is not valid JSON" + at(e));
    }

    private static String at(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static String currentField(Object processor) {
        if (processor instanceof JsonParser parser) {
            try {
                return parser.currentName();
            } catch (java.io.IOException | RuntimeException e) {
                return null;
            }
        }
        return null;
    }

    private static String path(List<JsonMappingException.Reference> path) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                out.append(out.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    /** What a value of this Java type is in JSON, in words. */
    static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == Long.class || type == long.class) {
            return "a whole number from -9223372036854775808 to 9223372036854775807";
        }
        if (type == Integer.class || type == int.class) {
            return "a whole number from -2147483648 to 2147483647";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class || CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "an object";
        }
        return "an object";
    }
}
