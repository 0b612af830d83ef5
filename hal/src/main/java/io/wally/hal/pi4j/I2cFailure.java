package io.wally.hal.pi4j;

/** An I2C transfer failed; caught inside the driver and turned into a FAULT reading. */
final class I2cFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    I2cFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
