package org.sharerengine.leveling;

/** What a sharer achieved in one level period: the figures that conditions are measured on. */
public record Figures(long points, long salesFen, long orders, long recruits, long customers, long teamMembers) {

    public static final Figures NONE = new Figures(0, 0, 0, 0, 0, 0);

    Figures plus(Figures more) {
        return new Figures(points + more.points, salesFen + more.salesFen, orders + more.orders, recruits + more.recruits,
                customers + more.customers, teamMembers + more.teamMembers);
    }
}
