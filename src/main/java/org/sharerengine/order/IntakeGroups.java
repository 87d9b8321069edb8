package org.sharerengine.order;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.sharerengine.shared.ShopId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit of single orders: at most {@code inFlight} intake transactions of a shop at a time on
 * this instance, and the orders of that shop arriving while they run are stored together in the
 * next one. Each commit (and each statement common to the orders) is then paid once per group
 * instead of once per order. More than one in flight lets one group's pricing in the application
 * overlap another's writing in the database; they lock their sharers' rows in one order, as batches do.
 *
 * <p>Leader and followers: a caller that finds fewer groups of its shop running leads at once (no added wait); callers
 * arriving meanwhile queue and park (a virtual thread waiting on a future holds no platform thread
 * and no connection). When the leader's group is answered, everything queued, up to {@code maxOrders}
 * in arrival order, is taken off the queue at once and handed to the longest-waiting caller as the
 * next group to lead. Taken at the hand-over, not when that caller wakes: two groups ending together
 * would otherwise both hand their lead to the same caller, and one of the groups in flight would be lost.
 *
 * <p>When a group cannot be stored (one order's problem, a duplicate stored meanwhile by another
 * instance, a lock conflict), nothing of it was kept, and every caller of the group sends its own
 * order alone, on its own thread, as without grouping: one bad order answers only for itself.
 *
 * <p>A queue beyond {@code 10 × maxOrders} callers means the database is far behind; a caller
 * arriving then is not queued but sends its order alone, as without grouping (the connection pool
 * then bounds the load, as it always did).
 */
final class IntakeGroups {

    private static final Logger log = LoggerFactory.getLogger(IntakeGroups.class);

    /** A single order as its caller sent it. */
    record Order(OrderRequest request, String hash) {
    }

    /** An order's answer: its receipt, or the problem its caller is to get. */
    record Answer(Receipt<OrderView> receipt, RuntimeException problem) {

        static Answer of(Receipt<OrderView> receipt) {
            return new Answer(receipt, null);
        }

        static Answer refused(RuntimeException problem) {
            return new Answer(null, problem);
        }

        Receipt<OrderView> get() {
            if (problem != null) {
                throw problem;
            }
            return receipt;
        }
    }

    /** The two ways of storing orders that the groups are made for. */
    interface Intake {

        /** Receives one order as without grouping. */
        Receipt<OrderView> alone(ShopId shop, Order order);

        /**
         * Receives the orders in one transaction, in order, answering each; throws when nothing of
         * the group could be stored.
         */
        List<Answer> together(ShopId shop, List<Order> orders);
    }

    /** What a queued caller is told when its turn comes. */
    private sealed interface Turn {
        record Answered(Answer answer) implements Turn {
        }

        /** Lead this group; its first caller is the one told. */
        record Lead(List<Caller> group) implements Turn {
        }

        record Alone() implements Turn {
        }
    }

    private static final class Caller {
        final Order order;
        final CompletableFuture<Turn> turn = new CompletableFuture<>();

        Caller(Order order) {
            this.order = order;
        }
    }

    /** One shop's callers waiting for the next group, and how many groups of the shop are running. */
    private static final class Queue {
        final ReentrantLock lock = new ReentrantLock();
        final ArrayDeque<Caller> waiting = new ArrayDeque<>();
        int running;
    }

    private final Intake intake;
    private final int maxOrders;
    private final int inFlight;
    private final int maxQueued;
    /** One queue per shop that ever sent a single order here: a few objects, kept for the instance's life. */
    private final Map<ShopId, Queue> queues = new ConcurrentHashMap<>();

    IntakeGroups(Intake intake, int maxOrders, int inFlight) {
        if (maxOrders < 1) {
            throw new IllegalArgumentException("engine.intake.group.max-orders must be at least 1, not " + maxOrders);
        }
        if (inFlight < 1) {
            throw new IllegalArgumentException("engine.intake.group.in-flight must be at least 1, not " + inFlight);
        }
        this.inFlight = inFlight;
        this.intake = intake;
        this.maxOrders = maxOrders;
        this.maxQueued = 10 * maxOrders;
    }

    Receipt<OrderView> receive(ShopId shop, Order order) {
        Queue queue = queues.computeIfAbsent(shop, s -> new Queue());
        Caller me = new Caller(order);
        List<Caller> leading = null;
        boolean queued = false;
        queue.lock.lock();
        try {
            if (queue.waiting.size() < maxQueued) {
                queue.waiting.addLast(me);
                queued = true;
                // Callers wait only while every group in flight runs, so one that may lead finds the queue empty.
                if (queue.running < inFlight) {
                    queue.running++;
                    leading = take(queue);
                }
            }
        } finally {
            queue.lock.unlock();
        }
        if (!queued) {
            return intake.alone(shop, order);
        }
        Turn turn = leading != null ? new Turn.Lead(leading) : me.turn.join();
        if (turn instanceof Turn.Lead lead) {
            turn = lead(shop, queue, lead.group());
        }
        return switch (turn) {
            case Turn.Answered answered -> answered.answer().get();
            case Turn.Alone alone -> intake.alone(shop, order);
            case Turn.Lead lead -> throw new IllegalStateException("a group's leader was told to lead again");
        };
    }

    /** The next group: the queue's head and those behind it, up to {@code maxOrders}. Called holding the queue's lock. */
    private List<Caller> take(Queue queue) {
        List<Caller> group = new ArrayList<>(Math.min(maxOrders, queue.waiting.size()));
        while (group.size() < maxOrders && !queue.waiting.isEmpty()) {
            group.add(queue.waiting.pollFirst());
        }
        return group;
    }

    /**
     * Stores the group, answers its followers, hands the lead on and answers the leader's turn.
     * The leader is the group's first caller: it was the head of the queue when the group was taken.
     */
    private Turn lead(ShopId shop, Queue queue, List<Caller> group) {
        List<Turn> turns = List.of();
        try {
            turns = turns(shop, group);
            for (int i = 1; i < group.size(); i++) {
                group.get(i).turn.complete(turns.get(i));
            }
        } finally {
            handOver(queue);
            // Whatever went wrong, no follower waits forever.
            group.subList(1, group.size()).stream().filter(caller -> !caller.turn.isDone()).forEach(caller -> caller.turn.complete(
                    new Turn.Answered(Answer.refused(new IllegalStateException("the order's group ended without an answer")))));
        }
        return turns.getFirst();
    }

    private List<Turn> turns(ShopId shop, List<Caller> group) {
        if (group.size() == 1) {
            // Alone in its group: exactly the path without grouping, but still before the lead is
            // handed on, so that the callers arriving meanwhile gather into the next group.
            Answer answer;
            try {
                answer = Answer.of(intake.alone(shop, group.getFirst().order));
            } catch (RuntimeException problem) {
                answer = Answer.refused(problem);
            }
            return List.of(new Turn.Answered(answer));
        }
        try {
            return intake.together(shop, group.stream().map(caller -> caller.order).toList()).stream()
                    .<Turn>map(Turn.Answered::new).toList();
        } catch (RuntimeException nothingStored) {
            // Rare unless orders are bad or instances race on the same ids: then grouping costs a second try each.
            log.info("{} single orders of shop {} could not be stored together, so each is sent alone: {}", group.size(),
                    shop.value(), nothingStored.getMessage());
            return group.stream().<Turn>map(caller -> new Turn.Alone()).toList();
        }
    }

    private void handOver(Queue queue) {
        List<Caller> next;
        queue.lock.lock();
        try {
            next = take(queue);
            if (next.isEmpty()) {
                queue.running--;
            }
        } finally {
            queue.lock.unlock();
        }
        if (!next.isEmpty()) {
            next.getFirst().turn.complete(new Turn.Lead(next));
        }
    }

    /** How many groups of the shop are running on this instance now. */
    int running(ShopId shop) {
        Queue queue = queues.get(shop);
        if (queue == null) {
            return 0;
        }
        queue.lock.lock();
        try {
            return queue.running;
        } finally {
            queue.lock.unlock();
        }
    }
}
