package org.sharerengine.order;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToIntFunction;
import io.micrometer.core.instrument.DistributionSummary;
import org.sharerengine.shared.ShopId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit of single orders: at most {@code inFlight} groups of a shop at a time on this
 * instance, and the orders of that shop arriving while they run are stored together in the next
 * one. Each commit (and each statement common to the orders) is then paid once per group instead of
 * once per order.
 *
 * <p>Groups write one at a time, in the order they were taken, each after the one before has
 * committed: every order is priced and counted exactly as if the orders had been received one after
 * another, in the order of their ids. With more than one group in flight, a group does its reading
 * (attribution, products, chains) while the one before it writes, then waits for its turn to write
 * ({@link WriteTurn}). A group is received when it is taken: an order without a payment time of its
 * own is paid then, so payment times follow the writing order too. (Orders sent alone because their
 * group failed, or because the queue overflowed, are outside this order, as concurrent bulk requests are.)
 *
 * <p>Writers: a caller that finds fewer groups of its shop running than may run takes a group at once
 * (itself, no added wait) and starts a writer for it; callers arriving meanwhile queue. Every caller
 * then parks until its order is answered (a virtual thread waiting on a future holds no platform
 * thread and no connection). A writer stores its group, takes everything queued meanwhile, up to
 * {@code maxOrders} in arrival order, and only then answers the group it stored, so the next group
 * starts without waiting for the answers (unless it lingers, below); it goes on so until it finds the
 * queue empty.
 *
 * <p>A writer is a platform thread, not a virtual one, because it is the one path every order of the
 * shop waits on, and it waits for the database several times per group. A virtual thread woken by a
 * database reply is queued behind every other virtual thread ready to run, which under load are the
 * HTTP requests of the callers it has just answered; a platform thread is scheduled by the operating
 * system as soon as its reply arrives. (On the harness's host, the next group's wake-up alone took
 * 1.7 to 2.5 ms of a 15 to 22 ms cycle on a virtual thread; see the README's figures.)
 *
 * <p>When a group cannot be stored (one order's problem, a duplicate stored meanwhile by another
 * instance, a lock conflict), nothing of it was kept, and every caller of the group sends its own
 * order alone, on its own thread, as without grouping: one bad order answers only for itself.
 *
 * <p>A queue beyond {@code 10 × maxOrders} callers means the database is far behind; a caller
 * arriving then is not queued but sends its order alone, as without grouping (the connection pool
 * then bounds the load, as it always did).
 *
 * <p>Linger ({@code engine.intake.group.linger}): without it, a writer takes the next group before
 * it answers the one it stored, so callers that send their next order as soon as they have an answer
 * (a pool of workers: a shop's order sync, the benchmark's load generator) split into two halves
 * that take turns, each group half of them. With it, the writer answers first and then waits, at most
 * that long, until as many callers queue as were queued before plus those it answered; a pool's
 * workers then go in one group, with one commit instead of two, and a caller alone is taken as soon as
 * it comes. The cost: callers that arrive independently may wait up to the linger for a group to fill.
 *
 * <p>Every group taken is counted in {@code sizes} with its number of orders: how much the grouping
 * saves depends on it (one commit per that many orders), and it is the transaction size against which
 * the benchmark measures single intake's ceiling.
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

        /**
         * Receives one order, received at {@code receivedAt}, as without grouping. Like
         * {@link #together}, it waits for {@code turn} before it writes.
         */
        Receipt<OrderView> alone(ShopId shop, Order order, Instant receivedAt, WriteTurn turn);

        /**
         * Receives the orders, received at {@code receivedAt}, in one transaction, in order, answering
         * each; throws when nothing of the group could be stored. It writes nothing before
         * {@code turn.await()} returns, and reads before then only what an earlier group's writing
         * cannot change unseen: what intake never writes, or what a unique key guards (an order
         * stored meanwhile, which then fails the group's insert).
         */
        List<Answer> together(ShopId shop, List<Order> orders, Instant receivedAt, WriteTurn turn);
    }

    /** A group's turn to write, which comes once every group taken before it has written (or given up). */
    interface WriteTurn {
        /** The turn of an order outside the groups, which waits for no one. */
        WriteTurn NOW = () -> {
        };

        void await();
    }

    /** What a queued caller is told when its group has run. */
    private sealed interface Turn {
        record Answered(Answer answer) implements Turn {
        }

        /** Nothing of the group was stored: send the order alone. */
        record Alone() implements Turn {
        }
    }

    /** A group as taken off the queue: its callers, its place in the writing order and the instant it was received. */
    private record Group(List<Caller> callers, long ticket, Instant receivedAt) {
    }

    private static final class Caller {
        final Order order;
        final CompletableFuture<Turn> turn = new CompletableFuture<>();

        Caller(Order order) {
            this.order = order;
        }
    }

    /** One shop's callers waiting for the next group, how many groups of the shop are running, and whose turn it is to write. */
    private static final class Queue {
        final ReentrantLock lock = new ReentrantLock();
        final Condition writeTurnPassed = lock.newCondition();
        /** Signalled whenever a caller queues, for a writer that lingers ({@link #next}). */
        final Condition arrived = lock.newCondition();
        final ArrayDeque<Caller> waiting = new ArrayDeque<>();
        int running;
        /** Groups taken so far: the next group's ticket. */
        long taken;
        /** The ticket of the group whose turn it is to write. */
        long writing;
    }

    private final Intake intake;
    /** Runs the writers: platform threads, kept a minute after their last group (see the class comment). */
    private final Executor writers = Executors.newCachedThreadPool(Thread.ofPlatform().name("intake-writer-", 0).daemon().factory());
    private final Clock clock;
    private final int maxOrders;
    private final int inFlight;
    private final int maxQueued;
    /** How long a writer may wait for the callers it has just answered (see the class comment); zero: it takes the queue before answering. */
    private final long lingerNanos;
    private final DistributionSummary sizes;
    /** One queue per shop that ever sent a single order here: a few objects, kept for the instance's life. */
    private final Map<ShopId, Queue> queues = new ConcurrentHashMap<>();

    IntakeGroups(Intake intake, Clock clock, int maxOrders, int inFlight, Duration linger, DistributionSummary sizes) {
        if (maxOrders < 1) {
            throw new IllegalArgumentException("engine.intake.group.max-orders must be at least 1, not " + maxOrders);
        }
        if (inFlight < 1) {
            throw new IllegalArgumentException("engine.intake.group.in-flight must be at least 1, not " + inFlight);
        }
        if (linger.isNegative()) {
            throw new IllegalArgumentException("engine.intake.group.linger must not be negative, not " + linger);
        }
        this.inFlight = inFlight;
        this.lingerNanos = linger.toNanos();
        this.intake = intake;
        this.clock = clock;
        this.maxOrders = maxOrders;
        this.maxQueued = 10 * maxOrders;
        this.sizes = sizes;
    }

    Receipt<OrderView> receive(ShopId shop, Order order) {
        Queue queue = queues.computeIfAbsent(shop, s -> new Queue());
        Caller me = new Caller(order);
        Group first = null;
        boolean queued = false;
        queue.lock.lock();
        try {
            if (queue.waiting.size() < maxQueued) {
                queue.waiting.addLast(me);
                queued = true;
                // Callers wait only while every group in flight runs, so one that may start a writer finds the queue empty.
                if (queue.running < inFlight) {
                    queue.running++;
                    first = take(queue);
                } else {
                    // Every lingering writer (one per group in flight) checks whether its group is now full.
                    queue.arrived.signalAll();
                }
            }
        } finally {
            queue.lock.unlock();
        }
        if (!queued) {
            return intake.alone(shop, order, clock.instant(), WriteTurn.NOW);
        }
        if (first != null) {
            Group taken = first;
            Runnable writer = () -> write(shop, queue, taken);
            try {
                writers.execute(writer);
            } catch (RejectedExecutionException noThread) {
                // No thread to be had (the instance is stopping, or the system is out of them): the caller writes.
                writer.run();
            }
        }
        return switch (me.turn.join()) {
            case Turn.Answered answered -> answered.answer().get();
            case Turn.Alone alone -> intake.alone(shop, order, clock.instant(), WriteTurn.NOW);
        };
    }

    /**
     * The next group: the queue's head and those behind it, up to {@code maxOrders}, or null when
     * none wait. Called holding the queue's lock, so tickets and instants follow one order.
     */
    private Group take(Queue queue) {
        if (queue.waiting.isEmpty()) {
            return null;
        }
        List<Caller> callers = new ArrayList<>(Math.min(maxOrders, queue.waiting.size()));
        while (callers.size() < maxOrders && !queue.waiting.isEmpty()) {
            callers.add(queue.waiting.pollFirst());
        }
        sizes.record(callers.size());
        return new Group(callers, queue.taken++, clock.instant());
    }

    /**
     * A writer: stores the group, takes the next one off the queue, answers the group it stored, and
     * goes on with the next until none is queued. Answers every caller whatever happens, so none waits for ever.
     */
    private void write(ShopId shop, Queue queue, Group group) {
        while (group != null) {
            Group stored = group;
            List<Turn> turns;
            try {
                turns = turns(shop, stored, () -> awaitWriteTurn(queue, stored.ticket()));
            } catch (RuntimeException | Error unexpected) {
                log.error("A group of {} single orders of shop {} ended without answers", stored.callers().size(), shop.value(),
                        unexpected);
                turns = List.of();
            }
            passWriteTurn(queue, stored.ticket());
            if (lingerNanos == 0) {
                group = next(queue, 0);
                answer(stored, turns);
            } else {
                int expected = count(queue, q -> q.waiting.size()) + stored.callers().size();
                answer(stored, turns);
                group = next(queue, expected);
            }
        }
    }

    private static void answer(Group stored, List<Turn> turns) {
        for (int i = 0; i < stored.callers().size(); i++) {
            stored.callers().get(i).turn.complete(i < turns.size() ? turns.get(i) : new Turn.Answered(
                    Answer.refused(new IllegalStateException("the order's group ended without an answer"))));
        }
    }

    /**
     * The group queued meanwhile, for the writer to go on with; or null, and the writer stops. With a
     * linger, taken once {@code expected} callers queue (or {@code maxOrders}) or the linger is over,
     * whichever comes first.
     */
    private Group next(Queue queue, int expected) {
        int wanted = Math.min(expected, maxOrders);
        queue.lock.lock();
        try {
            long left = lingerNanos;
            try {
                while (queue.waiting.size() < wanted && left > 0) {
                    left = queue.arrived.awaitNanos(left);
                }
            } catch (InterruptedException stopping) {
                // Take whoever queued: they are answered whatever happens.
                Thread.currentThread().interrupt();
            }
            Group next = take(queue);
            if (next == null) {
                queue.running--;
            }
            return next;
        } finally {
            queue.lock.unlock();
        }
    }

    private List<Turn> turns(ShopId shop, Group taken, WriteTurn turn) {
        List<Caller> group = taken.callers();
        if (group.size() == 1) {
            // Alone in its group: exactly the path without grouping, in its turn, and still on the writer,
            // so that the callers arriving meanwhile gather into the next group.
            Answer answer;
            try {
                answer = Answer.of(intake.alone(shop, group.getFirst().order, taken.receivedAt(), turn));
            } catch (RuntimeException problem) {
                answer = Answer.refused(problem);
            }
            return List.of(new Turn.Answered(answer));
        }
        try {
            return intake.together(shop, group.stream().map(caller -> caller.order).toList(), taken.receivedAt(), turn).stream()
                    .<Turn>map(Turn.Answered::new).toList();
        } catch (RuntimeException nothingStored) {
            // Rare unless orders are bad or instances race on the same ids: then grouping costs a second try each.
            log.info("{} single orders of shop {} could not be stored together, so each is sent alone: {}", group.size(),
                    shop.value(), nothingStored.getMessage());
            return group.stream().<Turn>map(caller -> new Turn.Alone()).toList();
        }
    }

    /** Returns once every group taken before this ticket has passed its turn to write. */
    private static void awaitWriteTurn(Queue queue, long ticket) {
        queue.lock.lock();
        try {
            while (queue.writing != ticket) {
                queue.writeTurnPassed.awaitUninterruptibly();
            }
        } finally {
            queue.lock.unlock();
        }
    }

    /**
     * Passes the turn to write on to the next group, once this group has had it: a group that gave up
     * before its turn still waits for it, so that no later group writes while an earlier one does.
     */
    private static void passWriteTurn(Queue queue, long ticket) {
        queue.lock.lock();
        try {
            awaitWriteTurn(queue, ticket);
            queue.writing = ticket + 1;
            queue.writeTurnPassed.signalAll();
        } finally {
            queue.lock.unlock();
        }
    }

    /** How many groups of the shop are running on this instance now. */
    int running(ShopId shop) {
        return count(shop, queue -> queue.running);
    }

    /** How many of the shop's callers wait for the next group on this instance now. */
    int queued(ShopId shop) {
        return count(shop, queue -> queue.waiting.size());
    }

    private int count(ShopId shop, ToIntFunction<Queue> counted) {
        Queue queue = queues.get(shop);
        return queue == null ? 0 : count(queue, counted);
    }

    private static int count(Queue queue, ToIntFunction<Queue> counted) {
        queue.lock.lock();
        try {
            return counted.applyAsInt(queue);
        } finally {
            queue.lock.unlock();
        }
    }
}
