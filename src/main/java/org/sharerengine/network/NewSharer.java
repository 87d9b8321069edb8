package org.sharerengine.network;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Who joins and under whom: the inviter is named by id, by external user id, or by invite code
 * (at most one of them). The commission template and the manager group are optional.
 */
public record NewSharer(
        @NotBlank @Size(max = 128) String externalUserId,
        @Size(max = 100) String name,
        @Pattern(regexp = "^[0-9+\\- ]{5,32}$", message = "must be a phone number (digits, +, -, space; 5 to 32)") String phone,
        @Min(0) @Max(1) Integer type,
        Long parentId,
        @Size(max = 128) String parentExternalUserId,
        @Size(max = 16) String inviteCode,
        Long templateId,
        Long groupId) {

    public int typeOrDefault() {
        return type == null ? 0 : type;
    }
}
