package org.sharerengine.order;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/**
 * A paid order as the shop sends it. The order may name its sharer (WeChat Channels
 * {@code sharer_info}: by id or by the sharer's external user id) or carry a share token;
 * otherwise the customer's binding decides. {@code paidAt} defaults to the time of receipt.
 */
public record OrderRequest(
        @NotBlank @Size(max = 128) String orderId,
        @NotBlank @Size(max = 128) String customerId,
        Long sharerId,
        @Size(max = 128) String sharerExternalUserId,
        @Size(max = 40) String shareToken,
        Instant paidAt,
        @NotEmpty @Size(max = 500) List<@Valid @NotNull Line> lines) {

    /** ¥1,000,000,000 per line: beyond any real order, and far from overflowing any sum. */
    public static final long MAX_LINE_FEN = 100_000_000_000L;

    public record Line(
            @NotBlank @Size(max = 128) String lineId,
            @NotBlank @Size(max = 128) String productId,
            @Min(1) @Max(1_000_000) int quantity,
            @Min(0) @Max(MAX_LINE_FEN) long amountFen) {
    }
}
