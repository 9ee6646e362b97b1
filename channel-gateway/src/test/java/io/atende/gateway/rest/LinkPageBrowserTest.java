package io.atende.gateway.rest;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.atende.gateway.GatewayTestSupport.adminToken;
import static io.atende.gateway.GatewayTestSupport.awaitState;
import static io.atende.gateway.GatewayTestSupport.createChannel;
import static io.atende.gateway.GatewayTestSupport.newChannelId;
import static io.atende.gateway.GatewayTestSupport.simulator;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;

import io.atende.gateway.GatewayTestSupport;
import io.atende.localstack.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The link page in a real browser: Debian's chromium, headless, driven by Playwright (which must not download a
 * browser of its own). Without /usr/bin/chromium the test fails, unless ATENDE_ALLOW_NO_BROWSER=true says that
 * this machine is allowed to skip it.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "atende_gateway"))
class LinkPageBrowserTest {

    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("ATENDE_CHROMIUM", "/usr/bin/chromium"));
    private static final List<String> ARGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");

    @TestHTTPResource("/link.html")
    URL page;

    private static void requireChromium() {
        if (Files.isExecutable(CHROMIUM)) {
            return;
        }
        String message = "no chromium at " + CHROMIUM + ": install it (apt-get install -y chromium) or point"
                + " ATENDE_CHROMIUM at one";
        Assumptions.assumeFalse("true".equals(System.getenv("ATENDE_ALLOW_NO_BROWSER")),
                message + "; skipped because ATENDE_ALLOW_NO_BROWSER=true");
        throw new AssertionError(message + " (or set ATENDE_ALLOW_NO_BROWSER=true to skip this test)");
    }

    @Test
    void linkPageShowsTheQrImageAndTurnsConnectedAfterAScan() {
        requireChromium();
        String id = newChannelId();
        createChannel(id);
        awaitState(id, "WAITING_FOR_QR");

        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        try (Playwright playwright = Playwright.create(new Playwright.CreateOptions().setEnv(env));
                Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(CHROMIUM).setHeadless(true).setArgs(ARGS))) {
            Page tab = browser.newPage();
            tab.navigate(page + "#channel=" + id + "&token=" + adminToken());
            LocatorAssertions.HasTextOptions wait = new LocatorAssertions.HasTextOptions()
                    .setTimeout(GatewayTestSupport.WAIT.toMillis());

            assertThat(tab.locator("#state")).hasText("WAITING_FOR_QR", wait);
            assertThat(tab.locator("#qr")).isVisible();
            tab.waitForFunction("() => { const img = document.getElementById('qr');"
                    + " return img.complete && img.naturalWidth > 0; }", null,
                    new Page.WaitForFunctionOptions().setTimeout(GatewayTestSupport.WAIT.toMillis()));
            assertThat(tab.locator("#qr").getAttribute("src")).startsWith("blob:");
            assertThat(tab.url()).doesNotContain("token=");

            simulator(id, "scan", Map.of("phoneNumber", "+551130008000"));

            assertThat(tab.locator("#state")).hasText("CONNECTED", wait);
            assertThat(tab.locator("#phone")).hasText("+551130008000");
            assertThat(tab.locator("#qr")).isHidden();
        }
    }
}
