package io.secretjdbc.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.secretjdbc.testing.TestClusters.Cluster;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** How the cluster tests find their clusters, without any cluster. */
class TestClustersTest {

    private static final String PREFIX = "SECRET_JDBC_TEST_GALERA_";

    @Test
    void settingsBecomeACluster() {
        Map<String, String> settings = Map.of(
                PREFIX + "HOSTS", "127.0.0.1:53307,127.0.0.1:53308,127.0.0.1:53309",
                PREFIX + "USER", "u",
                PREFIX + "PASSWORD", "pw-not-shown",
                "SECRET_JDBC_TEST_CLUSTER_SCRIPT", "/x/scripts/test-clusters.sh");

        Cluster cluster = TestClusters.require("Galera", PREFIX, settings::get, true);

        assertThat(cluster.hosts()).containsExactly("127.0.0.1:53307", "127.0.0.1:53308", "127.0.0.1:53309");
        assertThat(cluster.hostList()).isEqualTo("127.0.0.1:53307,127.0.0.1:53308,127.0.0.1:53309");
        assertThat(List.of(cluster.port(1), cluster.port(3))).containsExactly(53307, 53309);
        assertThat(cluster.database()).isEqualTo("secretjdbc");
        assertThat(cluster.credentials()).containsEntry("user", "u").containsEntry("password", "pw-not-shown");
        assertThat(cluster.script()).isEqualTo(Path.of("/x/scripts/test-clusters.sh"));
        assertThat(cluster.toString()).contains("as u").doesNotContain("pw-not-shown");
    }

    @Test
    void aMissingClusterOrScriptSkipsLocallyAndFailsInCi() {
        Map<String, String> noHosts = Map.of(PREFIX + "HOSTS", " ", "SECRET_JDBC_TEST_CLUSTER_SCRIPT", "/x.sh");
        Map<String, String> noScript = Map.of(PREFIX + "HOSTS", "127.0.0.1:1");

        assertThatThrownBy(() -> TestClusters.require("Galera", PREFIX, noHosts::get, false))
                .isInstanceOf(TestAbortedException.class).hasMessageContaining(PREFIX + "HOSTS is not set")
                .hasMessageContaining("scripts/test-clusters.sh start");
        assertThatThrownBy(() -> TestClusters.require("Galera", PREFIX, noHosts::get, true))
                .isInstanceOf(AssertionFailedError.class).hasMessageContaining("CI=true");
        assertThatThrownBy(() -> TestClusters.require("Galera", PREFIX, noScript::get, true))
                .isInstanceOf(AssertionFailedError.class).hasMessageContaining("SECRET_JDBC_TEST_CLUSTER_SCRIPT is not set");
    }
}
