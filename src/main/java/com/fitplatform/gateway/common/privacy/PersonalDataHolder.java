package com.fitplatform.gateway.common.privacy;

import java.util.Map;

/**
 * Implemented by every integration that stores data about a user (identities, provider tokens,
 * health points, payment records). The erasure and export endpoints call every holder, so a new
 * integration is covered by implementing this interface as a bean.
 */
public interface PersonalDataHolder {

    /** Short name of the area in exports and erasure records: {@code auth}, {@code health}... */
    String area();

    /** Everything this area holds about the user, as JSON-ready data. */
    Map<String, Object> export(String userId);

    /**
     * Removes the user's personal data, or reduces it to what the law requires to keep (payment
     * records without personal data). Runs inside the erasure's transaction; revoking tokens at
     * providers may happen here, best effort.
     *
     * @return what was removed, for the erasure record (counts, no personal data)
     */
    Map<String, Object> erase(String userId);
}
