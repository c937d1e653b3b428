package io.partshift.partitioning.lifecycle;

import io.partshift.config.TimeInterval;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which time partitions a parent should have at "now". */
class TimeWindowTest {
    private static final TimeInterval MONTH = new TimeInterval(1, TimeInterval.Unit.MONTH);

    @Test
    void theCurrentPartitionAndPremakeMore() {
        TimeWindow w = TimeWindow.of(MONTH, LocalDate.of(2026, 3, 15), 2, Optional.empty());
        assertEquals(List.of(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 4, 1), LocalDate.of(2026, 5, 1)), w.premade());
        assertEquals(LocalDate.of(2026, 6, 1), w.end());
        assertEquals(TimeWindow.Place.INSIDE, w.place(LocalDate.of(2019, 1, 1)), "no retention: the past is wanted");
        assertEquals(TimeWindow.Place.AFTER, w.place(LocalDate.of(2026, 6, 1)));
    }

    @Test
    void partitionsEndingByTheCutoffAreBeforeTheWindow() {
        LocalDateTime now = LocalDateTime.of(2026, 3, 15, 10, 0);
        TimeInterval twelveMonths = new TimeInterval(12, TimeInterval.Unit.MONTH);
        TimeWindow w = TimeWindow.of(MONTH, now.toLocalDate(), 0,
                Optional.of(KeyPoints.time(MaintenancePlanner.minus(now, twelveMonths))));
        assertEquals(TimeWindow.Place.BEFORE, w.place(LocalDate.of(2025, 2, 1)), "ends 2025-03-01, before 2025-03-15");
        assertEquals(TimeWindow.Place.INSIDE, w.place(LocalDate.of(2025, 3, 1)), "ends after the cutoff: kept");
    }

    @Test
    void quartersAndWeeksAlignAsThePlannerAlignsThem() {
        TimeWindow quarters = TimeWindow.of(new TimeInterval(3, TimeInterval.Unit.MONTH), LocalDate.of(2026, 5, 11), 1,
                Optional.empty());
        assertEquals(List.of(LocalDate.of(2026, 4, 1), LocalDate.of(2026, 7, 1)), quarters.premade());
        TimeWindow weeks = TimeWindow.of(new TimeInterval(1, TimeInterval.Unit.WEEK), LocalDate.of(2026, 3, 11), 0,
                Optional.empty());
        assertEquals(List.of(LocalDate.of(2026, 3, 9)), weeks.premade(), "ISO weeks start on Monday");
    }
}
