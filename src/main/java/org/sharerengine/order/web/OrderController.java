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
import org.sharerengine.shared.ShopId;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/api/v1/orders")
@Tag(name = "Orders", description = "Paid orders, refunds, completion and settlement events — all idempotent by the shop's ids")
class OrderController {

    private final Orders orders;

    OrderController(Orders orders) {
        this.orders = orders;
    }

    record Event(Instant at) {
    }

    @PostMapping
    @Operation(summary = "Receive a paid order: attributes it and computes commission. 201 the first time, "
            + "200 with Idempotent-Replayed: true for the same order again, 409 for the same id with another payload")
    ResponseEntity<OrderView> receive(ShopId shop, @Valid @RequestBody OrderRequest request) {
        return respond(orders.receive(shop, request));
    }

    @GetMapping("/{orderId}")
    OrderView get(ShopId shop, @PathVariable String orderId) {
        return orders.get(shop, orderId);
    }

    @PostMapping("/{orderId}/refunds")
    @Operation(summary = "Refund part or all of some lines; every depth's commission is brought to its value on the amount kept")
    ResponseEntity<RefundView> refund(ShopId shop, @PathVariable String orderId, @Valid @RequestBody RefundRequest request) {
        return respond(orders.refund(shop, orderId, request));
    }

    @GetMapping("/{orderId}/refunds/{refundId}")
    RefundView getRefund(ShopId shop, @PathVariable String orderId, @PathVariable String refundId) {
        return orders.getRefund(shop, orderId, refundId);
    }

    @PostMapping("/{orderId}/completion")
    @Operation(summary = "The order was completed (default: now); settlement becomes due after the shop's delay")
    OrderView complete(ShopId shop, @PathVariable String orderId, @RequestBody(required = false) Event event) {
        return orders.complete(shop, orderId, event == null ? null : event.at());
    }

    @PostMapping("/{orderId}/settle-event")
    @Operation(summary = "The shop's settlement event (channels_ec_order_settle): settlement becomes due at once "
            + "when the shop settles on events")
    OrderView settleEvent(ShopId shop, @PathVariable String orderId, @RequestBody(required = false) Event event) {
        return orders.settleEvent(shop, orderId, event == null ? null : event.at());
    }

    static <T> ResponseEntity<T> respond(Receipt<T> receipt) {
        return receipt.replayed()
                ? ResponseEntity.ok().header("Idempotent-Replayed", "true").body(receipt.body())
                : ResponseEntity.status(HttpStatus.CREATED).body(receipt.body());
    }
}
