package com.fitplatform.gateway.ops.privacy;

import com.fitplatform.gateway.common.errors.ProblemException;
import com.fitplatform.gateway.common.errors.ProblemType;
import com.fitplatform.gateway.ops.OpsCallers;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code DELETE /api/users/{userId}}: erasure (ops role or scope {@code users:erase}); {@code GET
 * /api/users/{userId}/export}: everything held about the user (ops role, scope {@code users:export},
 * or the user's own token). Spring MVC beside the routes, like the other ops controls.
 */
@RestController
@RequestMapping(path = "/api/users", produces = "application/json")
public class UsersController {

    static final String ERASE_SCOPE = "users:erase";
    static final String EXPORT_SCOPE = "users:export";
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");

    private final UserErasure erasure;

    public UsersController(UserErasure erasure) {
        this.erasure = erasure;
    }

    @DeleteMapping("/{userId}")
    public Map<String, Object> erase(@PathVariable("userId") String userId) {
        check(userId);
        if (!OpsCallers.isOps() && !OpsCallers.hasAuthority("SCOPE_" + ERASE_SCOPE)) {
            throw new ProblemException(ProblemType.FORBIDDEN, "Erasure needs the ops role or scope " + ERASE_SCOPE);
        }
        return erasure.erase(userId, OpsCallers.subject());
    }

    @GetMapping("/{userId}/export")
    public Map<String, Object> export(@PathVariable("userId") String userId) {
        check(userId);
        if (!OpsCallers.isOps()
                && !OpsCallers.hasAuthority("SCOPE_" + EXPORT_SCOPE)
                && !userId.equals(OpsCallers.subject())) {
            throw new ProblemException(
                    ProblemType.FORBIDDEN,
                    "Export needs the ops role, scope " + EXPORT_SCOPE + " or the user's own token");
        }
        return erasure.export(userId);
    }

    private static void check(String userId) {
        if (!USER_ID.matcher(userId).matches()) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "userId is 1 to 128 letters, digits or ._:@-");
        }
    }
}
