package org.sharerengine.wallet.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import org.sharerengine.ledger.Balance;
import org.sharerengine.ledger.Ledger;
import org.sharerengine.ledger.LedgerEntry;
import org.sharerengine.network.SharerScope;
import org.sharerengine.shared.SharerId;
import org.sharerengine.shop.Actor;
import org.sharerengine.wallet.Withdrawal;
import org.sharerengine.wallet.Withdrawals;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Wallets and withdrawals", description = "Balances, ledger entries, withdrawals (提现) and the ledger audit")
class WalletController {

    private final Ledger ledger;
    private final SharerScope scope;
    private final Withdrawals withdrawals;

    WalletController(Ledger ledger, SharerScope scope, Withdrawals withdrawals) {
        this.ledger = ledger;
        this.scope = scope;
        this.withdrawals = withdrawals;
    }

    record Wallet(SharerId sharerId, long pendingFen, long availableFen, long frozenFen, long paidOutFen, long withdrawableFen) {
    }

    record Reason(String reason) {
    }

    record Payout(String reference) {
    }

    @GetMapping("/sharers/{id}/wallet")
    @Operation(summary = "A sharer's balances: pending, available (may be negative after a clawback), frozen, paid out")
    Wallet wallet(Actor actor, @PathVariable long id) {
        SharerId sharer = scope.sharer(actor, new SharerId(id)).id();
        Balance b = ledger.balance(actor.shop(), sharer);
        return new Wallet(sharer, b.pendingFen(), b.availableFen(), b.frozenFen(), b.paidOutFen(), b.withdrawableFen());
    }

    @GetMapping("/sharers/{id}/ledger-entries")
    List<LedgerEntry> entries(Actor actor, @PathVariable long id, @RequestParam(defaultValue = "9223372036854775807") long before,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return ledger.entries(actor.shop(), scope.sharer(actor, new SharerId(id)).id(), before, limit);
    }

    @GetMapping("/ledger/audit")
    @Operation(summary = "The books must sum to zero and every wallet must equal the sums of its entries")
    Ledger.Audit audit(Actor actor) {
        return ledger.audit(actor.requireOwner().shop());
    }

    @PostMapping("/withdrawals")
    @Operation(summary = "Request a withdrawal; needs an Idempotency-Key header. Freezes the amount; 409 if the available "
            + "balance does not cover it")
    ResponseEntity<Withdrawal> request(Actor actor, @RequestHeader(name = "Idempotency-Key", required = false) String key,
            @Valid @RequestBody Withdrawals.WithdrawalRequest request) {
        Withdrawals.Requested result = withdrawals.request(actor.requireOwner().shop(), key, request);
        return result.replayed()
                ? ResponseEntity.ok().header("Idempotent-Replayed", "true").body(result.withdrawal())
                : ResponseEntity.status(HttpStatus.CREATED).body(result.withdrawal());
    }

    /** The review queue is the owner's; a manager lists the withdrawals of one of its group's sharers. */
    @GetMapping("/withdrawals")
    List<Withdrawal> list(Actor actor, @RequestParam(required = false) Withdrawal.Status status,
            @RequestParam(required = false) Long sharerId, @RequestParam(defaultValue = "0") long after,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        if (sharerId == null) {
            actor.requireOwner();
        }
        SharerId sharer = sharerId == null ? null : scope.sharer(actor, new SharerId(sharerId)).id();
        return withdrawals.list(actor.shop(), status, sharer, after, limit);
    }

    @GetMapping("/withdrawals/{id}")
    Withdrawal get(Actor actor, @PathVariable long id) {
        Withdrawal withdrawal = withdrawals.get(actor.shop(), id);
        scope.require(actor, withdrawal.sharerId(), "withdrawal", id);
        return withdrawal;
    }

    @PostMapping("/withdrawals/{id}/approve")
    Withdrawal approve(Actor actor, @PathVariable long id) {
        return withdrawals.approve(actor.requireOwner().shop(), id);
    }

    @PostMapping("/withdrawals/{id}/reject")
    Withdrawal reject(Actor actor, @PathVariable long id, @RequestBody Reason body) {
        return withdrawals.reject(actor.requireOwner().shop(), id, body.reason());
    }

    @PostMapping("/withdrawals/{id}/mark-paid")
    @Operation(summary = "Confirm the manual transfer (手动结算) of the net amount; the fee stays with the shop")
    Withdrawal markPaid(Actor actor, @PathVariable long id, @RequestBody(required = false) Payout body) {
        return withdrawals.markPaid(actor.requireOwner().shop(), id, body == null ? null : body.reference());
    }
}
