package io.atende.reporting.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Random;
import java.util.stream.DoubleStream;

import org.junit.jupiter.api.Test;

import io.atende.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/**
 * The bucket PostgreSQL gives a duration where it stores it ({@code rm_duration_bucket}) is the bucket DDSketch's
 * mapping gives it, and a bucket read back is within 1 % of every duration in it.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "atende_reporting"))
class DurationBucketsTest {

    @Inject
    Pool pool;

    @Test
    void theDatabaseBucketsDurationsAsTheSketchDoes() {
        Random random = new Random(11);
        // From a millisecond to a year, log-uniform, and the edges.
        Double[] seconds = DoubleStream.concat(DoubleStream.of(0, 0.0005, 0.001, 1, 59.999, 60, 86_400, 31_536_000),
                DoubleStream.generate(() -> Math.exp(Math.log(0.001) + random.nextDouble() * Math.log(3.2e10)))
                        .limit(5_000)).boxed().toArray(Double[]::new);
        RowSet<Row> rows = pool.preparedQuery("select s, rm_duration_bucket(s) from unnest($1::float8[]) s")
                .execute(Tuple.of((Object) seconds)).await().atMost(Duration.ofSeconds(30));
            assertThat(rows.size()).isEqualTo(seconds.length);
            for (Row row : rows) {
                double duration = row.getDouble(0);
                int bucket = row.getInteger(1);
                assertThat(bucket).as("bucket of %s s", duration).isEqualTo(DurationBuckets.bucket(duration));
                if (duration >= 0.001) {
                    assertThat(DurationBuckets.seconds(bucket)).as("read back from bucket %d", bucket)
                            .isCloseTo(duration, within(duration * DurationBuckets.RELATIVE_ACCURACY));
                } else {
                    assertThat(DurationBuckets.seconds(bucket)).isZero();
                }
            }
    }
}
