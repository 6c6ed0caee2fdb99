package dev.hindsight.pt.flow;

import dev.hindsight.pt.query.QueryConfig;
import java.util.Objects;

/**
 * The immutable configuration of the flow decoders: the query layer's configuration (errata,
 * timing, address filter, tick/iflags events) plus the block decoder flags of libipt's
 * {@code struct pt_conf_flags} ({@code end_on_call}, {@code end_on_jump}).
 */
public final class FlowConfig {
    /** The query defaults and no block flags. */
    public static final FlowConfig DEFAULT = new FlowConfig(QueryConfig.DEFAULT, false, false);

    private final QueryConfig query;
    private final boolean endOnCall;
    private final boolean endOnJump;

    private FlowConfig(QueryConfig query, boolean endOnCall, boolean endOnJump) {
        this.query = Objects.requireNonNull(query, "query");
        this.endOnCall = endOnCall;
        this.endOnJump = endOnJump;
    }

    /**
     * A configuration.
     *
     * @param query the query layer's configuration
     * @param endOnCall end a block after a near call (libipt's {@code end_on_call})
     * @param endOnJump end a block after a near direct jump (libipt's {@code end_on_jump})
     * @return the configuration
     */
    public static FlowConfig of(QueryConfig query, boolean endOnCall, boolean endOnJump) {
        return new FlowConfig(query, endOnCall, endOnJump);
    }

    /** The query layer's configuration. */
    public QueryConfig query() {
        return query;
    }

    /** Whether blocks end after near calls. */
    public boolean endOnCall() {
        return endOnCall;
    }

    /** Whether blocks end after near direct jumps. */
    public boolean endOnJump() {
        return endOnJump;
    }

    @Override
    public String toString() {
        return "FlowConfig[" + query + ", endOnCall=" + endOnCall + ", endOnJump=" + endOnJump
                + "]";
    }
}
