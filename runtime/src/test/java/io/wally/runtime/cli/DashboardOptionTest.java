package io.wally.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wally.runtime.config.ConfigLoader;
import io.wally.runtime.config.WallyConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DashboardOptionTest {

    private final WallyConfig sim = new ConfigLoader().load(Path.of("../robot-config/sim.yaml"));

    private WallyConfig apply(String value) {
        DashboardOption option = new DashboardOption();
        option.dashboard = value;
        return option.applyTo(sim);
    }

    @Test
    void shouldChangeThePortTurnItOffOrLeaveTheConfigAlone() {
        assertThat(apply(null)).isSameAs(sim);
        assertThat(apply("9090").dashboard()).isEqualTo(new WallyConfig.Dashboard(true, "127.0.0.1", 9090, null));
        assertThat(apply("OFF").dashboard().enabled()).isFalse();
        assertThat(apply("0").dashboard().port()).isZero();
    }

    @Test
    void shouldRefuseAnythingElseNamingTheValue() {
        assertThatThrownBy(() -> apply("eighty")).isInstanceOf(UserErrorException.class).hasMessageContaining("\"eighty\"");
        assertThatThrownBy(() -> apply("70000")).isInstanceOf(UserErrorException.class).hasMessageContaining("was 70000");
    }
}
