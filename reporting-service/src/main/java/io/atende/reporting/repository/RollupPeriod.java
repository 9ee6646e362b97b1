package io.atende.reporting.repository;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * How a report period [from, to) splits between the raw read-model rows and the rollup cells: the whole local days
 * inside it, [wholeFrom, wholeTo), come from the cells (whole months from month cells where the report needs no
 * finer buckets), the partial days at either end from the raw rows. When the report is cut in another zone than the
 * cells, or needs hourly buckets, nothing is whole and every figure comes from the raw rows.
 */
public record RollupPeriod(Instant from, Instant to, Instant wholeFrom, Instant wholeTo, LocalDate firstDay,
        LocalDate endDay, LocalDate firstMonth, LocalDate endMonth) {

    /**
     * @param cellZone the zone the cells' days are cut in
     * @param months whether month cells may stand for whole months (reports without day buckets)
     */
    public static RollupPeriod of(Instant from, Instant to, ZoneId zone, ZoneId cellZone, boolean daysUsable,
            boolean months) {
        LocalDate firstDay = from.atZone(cellZone).toLocalDate();
        if (firstDay.atStartOfDay(cellZone).toInstant().isBefore(from)) {
            firstDay = firstDay.plusDays(1);
        }
        LocalDate endDay = to.atZone(cellZone).toLocalDate();
        if (!zone.equals(cellZone) || !daysUsable || !firstDay.isBefore(endDay)) {
            return new RollupPeriod(from, to, to, to, endDay, endDay, endDay, endDay);
        }
        LocalDate firstMonth = firstDay.getDayOfMonth() == 1 ? firstDay : firstDay.withDayOfMonth(1).plusMonths(1);
        LocalDate endMonth = endDay.withDayOfMonth(1);
        if (!months || !firstMonth.isBefore(endMonth)) {
            firstMonth = endDay;
            endMonth = endDay;
        }
        return new RollupPeriod(from, to, firstDay.atStartOfDay(cellZone).toInstant(),
                endDay.atStartOfDay(cellZone).toInstant(), firstDay, endDay, firstMonth, endMonth);
    }

    /** Whether any whole day comes from the cells. */
    public boolean usesCells() {
        return wholeFrom.isBefore(wholeTo);
    }

    /** Appends the condition that {@code column} lies in the partial days (all of [from, to) when none is whole). */
    public ReportFilter.Sql partialDays(ReportFilter.Sql sql, String column) {
        if (!usesCells()) {
            return sql.append("(").append(column).append(" >= ").bind(from).append(" and ").append(column)
                    .append(" < ").bind(to).append(")");
        }
        return sql.append("((").append(column).append(" >= ").bind(from).append(" and ").append(column).append(" < ")
                .bind(wholeFrom).append(") or (").append(column).append(" >= ").bind(wholeTo).append(" and ")
                .append(column).append(" < ").bind(to).append("))");
    }

    /** Appends the condition on a cell's grain and period: month cells for whole months, day cells for the rest. */
    public ReportFilter.Sql cells(ReportFilter.Sql sql) {
        return sql.append("((grain = 'M' and period >= ").bind(firstMonth).append(" and period < ").bind(endMonth)
                .append(") or (grain = 'D' and ((period >= ").bind(firstDay).append(" and period < ").bind(firstMonth)
                .append(") or (period >= ").bind(endMonth).append(" and period < ").bind(endDay).append("))))");
    }
}
