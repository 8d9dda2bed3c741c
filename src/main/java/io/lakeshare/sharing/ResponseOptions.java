package io.lakeshare.sharing;

/**
 * What the recipient's client asked of the response in its headers: the capabilities it declares
 * ({@code delta-sharing-capabilities}) and the file id hash ({@code fileidhash}, or null).
 */
public record ResponseOptions(Capabilities capabilities, String capabilitiesHeader, String fileIdHash) {

    public static final String CAPABILITIES_HEADER = Capabilities.HEADER;
    public static final String FILE_ID_HASH_HEADER = FileIds.HEADER;

    public static ResponseOptions of(String capabilitiesHeader, String fileIdHash) {
        return new ResponseOptions(
                Capabilities.parse(capabilitiesHeader),
                capabilitiesHeader == null ? "" : Capabilities.lower(capabilitiesHeader),
                fileIdHash);
    }
}
