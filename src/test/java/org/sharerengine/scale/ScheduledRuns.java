package org.sharerengine.scale;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.sharerengine.commission.Settlement;
import org.sharerengine.leveling.LevelRuns;
import org.sharerengine.teambonus.TeamBonusRun;
import org.slf4j.LoggerFactory;

/**
 * The scheduled runs of this JVM's instances, read from the line each job logs when a run ends:
 * its first argument is the run's asOf (taken when the run began), the scheduler thread names
 * the instance. Listens only from {@link #listen()} (after the instances started: each start
 * resets logging) until {@link #close()}, which puts the loggers' levels back.
 */
final class ScheduledRuns implements AutoCloseable {

    record Run(String job, String instance, Instant start, Instant end) {
    }

    private final List<Logger> loggers = List.of(Settlement.class, TeamBonusRun.class, LevelRuns.class).stream()
            .map(type -> (Logger) LoggerFactory.getLogger(type)).toList();
    private final List<Level> levels = loggers.stream().map(Logger::getLevel).toList();
    /**
     * Logback names an event's thread lazily, on first asking. Asked first from the test's
     * thread, which can read the list before the console appender named it, the event would
     * say "main": so each event is pinned on the logging thread as it arrives.
     */
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent event) {
            event.prepareForDeferredProcessing();
            super.append(event);
        }
    };

    static ScheduledRuns listen() {
        ScheduledRuns runs = new ScheduledRuns();
        runs.appender.start();
        for (Logger logger : runs.loggers) {
            logger.setLevel(Level.INFO);
            logger.addAppender(runs.appender);
        }
        return runs;
    }

    List<Run> runs() {
        List<ILoggingEvent> events;
        synchronized (appender) {
            events = new ArrayList<>(appender.list);
        }
        return events.stream().filter(e -> e.getMessage().startsWith("Scheduled "))
                .map(e -> new Run(e.getLoggerName().substring(e.getLoggerName().lastIndexOf('.') + 1),
                        e.getThreadName().substring(0, e.getThreadName().indexOf("-scheduling-")),
                        (Instant) e.getArgumentArray()[0], e.getInstant()))
                .toList();
    }

    @Override
    public void close() {
        for (int i = 0; i < loggers.size(); i++) {
            loggers.get(i).detachAppender(appender);
            loggers.get(i).setLevel(levels.get(i));
        }
        appender.stop();
    }
}
