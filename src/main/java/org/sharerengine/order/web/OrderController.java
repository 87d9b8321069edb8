package org.sharerengine.order.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.time.Instant;
import org.sharerengine.order.OrderRequest;
import org.sharerengine.order.OrderView;
import org.sharerengine.order.Orders;
import org.sharerengine.order.Receipt;
import org.sharerengine.order.RefundRequest;
import org.sharerengine.order.RefundView;
import org.sharerengine.network.SharerScope;
import org.sharerengine.shop.Actor;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/api/v1/orders")
@Tag(name = "Orders", description = "Paid orders, refunds, completion and settlement events — all idempotent by the shop's ids. "
        + "Writes are the integrator's (owner); a manager reads the orders of its group's sharers")
class OrderController {

    private final Orders orders;
    private final SharerScope scope;

    OrderController(Orders orders, SharerScope scope) {
        this.orders = orders;
        this.scope = scope;
    }

    record Event(Instant at) {
    }

    @PostMapping
    @Operation(summary = "Receive a paid order: attributes it and computes commission. 201 the first time, "
            + "200 with Idempotent-Replayed: true for the same order again, 409 for the same id with another payload")
    ResponseEntity<OrderView> receive(Actor actor, @Valid @RequestBody OrderRequest request) {
        return respond(orders.receive(actor.requireOwner().shop(), request));
    }

    /** A manager reads an order only when it is attributed to a sharer of its group. */
    @GetMapping("/{orderId}")
    OrderView get(Actor actor, @PathVariable String orderId) {
        OrderView order = orders.get(actor.shop(), orderId);
        scope.require(actor, order.attribution().sharerId(), "order", orderId);
        return order;
    }

    @PostMapping("/{orderId}/refunds")
    @Operation(summary = "Refund part or all of some lines; every depth's commission is brought to its value on the amount kept")
    ResponseEntity<RefundView> refund(Actor actor, @PathVariable String orderId, @Valid @RequestBody RefundRequest request) {
        return respond(orders.refund(actor.requireOwner().shop(), orderId, request));
    }

    @GetMapping("/{orderId}/refunds/{refundId}")
    RefundView getRefund(Actor actor, @PathVariable String orderId, @PathVariable String refundId) {
        get(actor, orderId);
        return orders.getRefund(actor.shop(), orderId, refundId);
    }

    @PostMapping("/{orderId}/completion")
    @Operation(summary = "The order was completed (default: now); settlement becomes due after the shop's delay")
    OrderView complete(Actor actor, @PathVariable String orderId, @RequestBody(required = false) Event event) {
        return orders.complete(actor.requireOwner().shop(), orderId, event == null ? null : event.at());
    }

    @PostMapping("/{orderId}/settle-event")
    @Operation(summary = "The shop's settlement event (channels_ec_order_settle): settlement becomes due at once "
            + "when the shop settles on events")
    OrderView settleEvent(Actor actor, @PathVariable String orderId, @RequestBody(required = false) Event event) {
        return orders.settleEvent(actor.requireOwner().shop(), orderId, event == null ? null : event.at());
    }

    static <T> ResponseEntity<T> respond(Receipt<T> receipt) {
        return receipt.replayed()
                ? ResponseEntity.ok().header("Idempotent-Replayed", "true").body(receipt.body())
                : ResponseEntity.status(HttpStatus.CREATED).body(receipt.body());
    }
}
