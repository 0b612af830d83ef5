package io.wally.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wally.runtime.config.ConfigLoader;
import io.wally.runtime.config.WallyConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BrokerOptionTest {

    private static final WallyConfig SIM = new ConfigLoader().load(Path.of("..", "robot-config", "sim.yaml"));

    private static BrokerOption option(String url) {
        BrokerOption option = new BrokerOption();
        option.broker = url;
        return option;
    }

    @Test
    void shouldReplaceOnlyTheBrokerWhenGiven() {
        WallyConfig changed = option("tcp://10.0.0.5:1883").applyTo(SIM);
        assertThat(changed.mqtt().broker()).isEqualTo("tcp://10.0.0.5:1883");
        assertThat(changed.mqtt().telemetry()).isEqualTo(SIM.mqtt().telemetry());
        assertThat(changed.robot()).isEqualTo(SIM.robot());
        assertThat(option("embedded").applyTo(SIM).mqtt().broker()).isEqualTo("embedded");
        assertThat(option("ssl://broker.local:8883").applyTo(SIM).mqtt().broker()).isEqualTo("ssl://broker.local:8883");
    }

    @Test
    void shouldKeepConfigWhenNotGiven() {
        assertThat(new BrokerOption().applyTo(SIM)).isSameAs(SIM);
    }

    @Test
    void shouldNameTheProblemWhenUrlIsBad() {
        assertThatThrownBy(() -> option("mqtt://host:1883").applyTo(SIM)).isInstanceOf(UserErrorException.class)
                .hasMessage("--broker must be embedded, tcp://host:port or ssl://host:port; was \"mqtt://host:1883\"");
        assertThatThrownBy(() -> option("tcp://host").applyTo(SIM)).hasMessageContaining("needs a host and a port");
        assertThatThrownBy(() -> option("tcp://host:1883/x").applyTo(SIM)).hasMessageContaining("must not have a path");
    }

    @Test
    void shouldRefuseBadBrokerWhenRunIsCalledWithIt() {
        assertThat(WallyMain.run("run", "--config", "../robot-config/sim.yaml", "--broker", "udp://x:1")).isEqualTo(2);
    }
}
