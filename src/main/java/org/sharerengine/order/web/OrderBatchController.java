package org.sharerengine.order.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.sharerengine.order.OrderBatch;
import org.sharerengine.order.OrderBatches;
import org.sharerengine.shop.Actor;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/order-batches")
@Tag(name = "Orders", description = "Paid orders, refunds, completion and settlement events — all idempotent by the shop's ids. "
        + "Writes are the integrator's (owner); a manager reads the orders of its group's sharers")
class OrderBatchController {

    private final OrderBatches batches;

    OrderBatchController(OrderBatches batches) {
        this.batches = batches;
    }

    @PostMapping
    @Operation(summary = "Receive 1 to 500 paid orders in one transaction, with the result of posting them one at a time in "
            + "array order. 200 with each order's outcome: new orders are created, orders received before are replayed. "
            + "400 (field orders[i]....) when any order is invalid or an order id repeats, 409 idempotency_conflict when an "
            + "order was received before with another payload; in both cases nothing of the batch is stored")
    OrderBatch.Result receive(Actor actor, @Valid @RequestBody OrderBatch batch) {
        return batches.receive(actor.requireOwner().shop(), batch);
    }
}
