package io.wally.hal;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks what every {@link Reading} promises, shared by the device contracts. */
final class ReadingContracts {

    private ReadingContracts() {
    }

    /**
     * Asserts the reading is present, has a health, a reason exactly when not OK ({@link Health}: "every
     * reading that is not OK carries a reason"; {@link Reading#reason()}: empty when OK — the one documented
     * exception, an encoder's lost-edge note, never occurs in the contracts' scenarios), and a timestamp
     * taken from the device's clock between {@code notBeforeNanos} and {@code notAfterNanos}.
     */
    static void assertWellFormed(Reading<?> reading, long notBeforeNanos, long notAfterNanos) {
        assertThat(reading).as("latest()").isNotNull();
        assertThat(reading.health()).isNotNull();
        if (reading.health() == Health.OK) {
            assertThat(reading.reason()).as("reason of an OK reading").isEmpty();
        } else {
            assertThat(reading.reason()).as("reason of a " + reading.health() + " reading").isNotBlank();
        }
        assertThat(reading.timestampNanos()).as("timestamp on the injected clock")
                .isBetween(notBeforeNanos, notAfterNanos);
    }
}
