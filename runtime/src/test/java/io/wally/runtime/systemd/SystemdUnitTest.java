package io.wally.runtime.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code systemd/wally.service} as shipped: verified by systemd-analyze, exposure at most 2.0, the hardening of DESIGN.md. */
@Timeout(60)
class SystemdUnitTest {

    private static final Path UNIT = Path.of("..", "systemd", "wally.service").toAbsolutePath().normalize();

    private static String unit;

    @BeforeAll
    static void readUnit() throws IOException {
        unit = Files.readString(UNIT);
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("%s finished", List.of(command)).isTrue();
        return new Result(process.exitValue(), output);
    }

    private static void assumeSystemdAnalyze() throws Exception {
        boolean present;
        try {
            present = run("systemd-analyze", "--version").exitCode() == 0;
        } catch (IOException missing) {
            present = false;
        }
        Assumptions.assumeTrue(present, "systemd-analyze is not installed here (Debian package 'systemd'; .ci/run installs it)");
    }

    @Test
    void shouldHaveExposureAtMostTwoWhenAnalyzedOffline() throws Exception {
        assumeSystemdAnalyze();
        Result security = run("systemd-analyze", "security", "--offline=yes", UNIT.toString());
        Matcher level = Pattern.compile("Overall exposure level for wally\\.service: (\\d+\\.\\d+)").matcher(security.output());
        assertThat(level.find()).as("exposure line in:%n%s", security.output()).isTrue();
        assertThat(Double.parseDouble(level.group(1))).isLessThanOrEqualTo(2.0);
    }

    @Test
    void shouldVerifyCleanWhenAnalyzed() throws Exception {
        assumeSystemdAnalyze();
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/java")),
                "systemd-analyze verify checks that ExecStart's /usr/bin/java exists, and this machine has none");
        Result verify = run("systemd-analyze", "verify", UNIT.toString());
        assertThat(verify.output()).isEmpty();
        assertThat(verify.exitCode()).isZero();
    }

    @Test
    void shouldNotifyWatchAndRestartWhenStartedBySystemd() {
        assertThat(unit).contains("\nType=notify\n", "\nNotifyAccess=main\n", "\nRestart=on-failure\n",
                "\nUser=wally\n", "\nStateDirectory=wally\n", "\nEnvironmentFile=/etc/wally/wally.env\n");
        assertThat(unit).containsPattern("\nWatchdogSec=\\d+\n");
        assertThat(unit).contains("\nExecStart=/usr/bin/java $WALLY_JVM_FLAGS $WALLY_AOT_FLAGS -jar /opt/wally/wally.jar run --config /etc/wally/wally.yaml\n");
    }

    @Test
    void shouldKeepDevicesAndJitWorkingWhenHardened() {
        assertThat(unit).contains("\nDevicePolicy=closed\n", "\nDeviceAllow=char-gpiochip rw\n", "\nDeviceAllow=char-i2c rw\n",
                "\nDeviceAllow=char-spi rw\n", "\nProtectSystem=strict\n", "\nCapabilityBoundingSet=\n",
                "\nSystemCallFilter=@system-service\n", "\nRestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK\n");
        // the device groups come from install.sh's drop-in (only those that exist): none hard-coded here
        assertThat(unit).doesNotContainPattern("(?m)^SupplementaryGroups=");
        // these would hide the devices, break PWM sysfs writes, or break the JIT
        assertThat(unit).doesNotContain("PrivateDevices=yes", "ProtectKernelTunables=yes", "MemoryDenyWriteExecute=yes");
    }
}
