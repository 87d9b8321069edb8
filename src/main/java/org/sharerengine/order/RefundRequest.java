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

/** A refund (after-sale) with its own id, refunding part or all of some order lines. */
public record RefundRequest(
        @NotBlank @Size(max = 128) String refundId,
        Instant refundedAt,
        @NotEmpty @Size(max = 500) List<@Valid @NotNull Line> lines) {

    public record Line(@NotBlank @Size(max = 128) String lineId, @Min(1) @Max(OrderRequest.MAX_LINE_FEN) long amountFen) {
    }
}
