package io.backstop.outbox;

/** Called after each {@link Step}; production code uses {@link #NONE}, fault-injection tests halt the JVM. */
@FunctionalInterface
public interface FaultPoint {

    FaultPoint NONE = step -> {};

    void reached(Step step);
}
