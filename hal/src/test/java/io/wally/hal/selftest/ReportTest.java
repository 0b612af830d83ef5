package io.wally.hal.selftest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {

    private static final String LONG_HINT = "check TRIG (BCM 23) / ECHO (BCM 24) wiring, the module's 5V and GND,"
            + " and the 5V->3.3V divider on ECHO";

    @Test
    void shouldSkipLaterChecksOfADeviceThatFailedAndStreamEveryResult() {
        List<String> probed = new ArrayList<>();
        List<Result> streamed = new ArrayList<>();
        List<Check> checks = List.of(
                new Check("imu", "i2c", () -> {
                    probed.add("imu i2c");
                    return Finding.fail("no answer at 0x68 on bus 1", "check SDA and SCL");
                }),
                new Check("imu", "identity", () -> {
                    probed.add("imu identity");
                    return Finding.pass("WHO_AM_I 0x68");
                }),
                new Check("battery", "voltage", () -> {
                    probed.add("battery voltage");
                    return Finding.pass("7.60 V");
                }));

        Report report = Report.run(checks, streamed::add);

        assertThat(probed).containsExactly("imu i2c", "battery voltage");
        assertThat(report.results()).extracting(Result::status)
                .containsExactly(Result.Status.FAIL, Result.Status.SKIPPED, Result.Status.PASS);
        assertThat(report.results().get(1).detail()).isEqualTo("an earlier check of imu failed");
        assertThat(streamed).isEqualTo(report.results());
        assertThat(report.passed()).isFalse();
        assertThat(report.failures()).extracting(Result::device).containsExactly("imu");
    }

    @Test
    void shouldTurnAnExceptionOfAProbeIntoAFailedResult() {
        Check check = new Check("ranger front", "echo", () -> {
            throw new IllegalStateException("line busy");
        });

        Result result = check.run();

        assertThat(result.status()).isEqualTo(Result.Status.FAIL);
        assertThat(result.detail()).isEqualTo("failed: java.lang.IllegalStateException: line busy");
        assertThat(result.hint()).isEqualTo("check the wiring and power of ranger front");
    }

    @Test
    void shouldSayPassFailOrSkippedInTheVerdict() {
        Result pass = new Result("imu", "i2c", Result.Status.PASS, "answers", "");
        Result skipped = new Result("motor left", "spin", Result.Status.SKIPPED, "turned off", "");
        Result fail = new Result("ranger front", "echo", Result.Status.FAIL, "no echo", "check");

        assertThat(new Report(List.of(pass, pass)).verdictLine()).isEqualTo("VERDICT: PASS - all 2 checks passed");
        assertThat(new Report(List.of(pass, skipped)).verdictLine()).isEqualTo("VERDICT: PASS - 1 checks passed, 1 skipped");
        assertThat(new Report(List.of(pass, fail, skipped)).verdictLine())
                .isEqualTo("VERDICT: FAIL - 1 of 3 checks failed: ranger front echo");
    }

    @Test
    void shouldPrintAlignedRowsAndWrapHintsWithinEightyColumns() {
        Result fail = new Result("ranger front", "echo", Result.Status.FAIL, "no echo in 3 tries", LONG_HINT);
        Report report = new Report(List.of(new Result("imu", "i2c", Result.Status.PASS, "answers at 0x68 on bus 1", ""), fail));

        List<String> lines = report.table().lines().toList();

        assertThat(lines).containsExactly(
                "DEVICE           CHECK      RESULT  DETAIL",
                "imu              i2c        PASS    answers at 0x68 on bus 1",
                "ranger front     echo       FAIL    no echo in 3 tries",
                "                 -> check TRIG (BCM 23) / ECHO (BCM 24) wiring, the module's 5V",
                "                    and GND, and the 5V->3.3V divider on ECHO",
                "VERDICT: FAIL - 1 of 2 checks failed: ranger front echo");
        assertThat(lines).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(Report.HINT_WIDTH));
    }

    @Test
    void shouldRejectMissingParts() {
        assertThatThrownBy(() -> new Result("imu", "i2c", null, "", "")).hasMessage("status");
        assertThatThrownBy(() -> new Check("imu", "i2c", null)).hasMessage("probe");
        assertThatThrownBy(() -> new Finding(Result.Status.PASS, "x", null)).hasMessage("hint");
        assertThat(Finding.skipped("turned off").status()).isEqualTo(Result.Status.SKIPPED);
    }
}
