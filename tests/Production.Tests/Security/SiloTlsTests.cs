using System.Diagnostics;
using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Fleet.Production.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Fleet.Production.Tests.Security;

/// <summary>
/// Two silos on Redis with mutual TLS (Fleet:SiloTls), certificates from one authority. Whoever reaches a silo's
/// ports without a certificate from that authority gets no further than the handshake: not as a peer on the silo
/// port, not as an Orleans client on a gateway. Silo 1 opens a gateway for the client attack; silo 0 shows that a
/// silo opens none unless asked. The silos also encrypt their shared Data Protection key ring to a certificate
/// (Fleet:DataProtection), so Redis alone does not hold what decrypts the cluster credentials stored in it.
/// </summary>
public sealed class SiloTlsTests(SiloTlsTests.TlsControlPlane fixture) : IClassFixture<SiloTlsTests.TlsControlPlane>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly ControlPlane _plane = fixture.Plane;
    private readonly TestAuthority _authority = fixture.Authority;
    private readonly TestAuthority _rogue = fixture.Rogue;
    private readonly int _gatewayPort = fixture.GatewayPort;

    /// <summary>One control plane for the class: starting silos takes most of these tests' time.</summary>
    public sealed class TlsControlPlane : IAsyncLifetime
    {
        public TestAuthority Authority { get; } = new("fleet-silos");

        public TestAuthority Rogue { get; } = new("someone-else");

        public int GatewayPort { get; } = Ports.Free();

        public TestAuthority KeyRingIssuer { get; } = new("fleet-key-ring");

        public ControlPlane Plane { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var siloCertificate = Authority.Issue("fleet-silo");
            var keyRingCertificate = KeyRingIssuer.Issue("key-ring");
            Plane = await ControlPlane.StartAsync(2, i =>
            {
                var settings = Authority.SiloSettings(siloCertificate);
                settings["Fleet__DataProtection__Certificate"] = keyRingCertificate.CertificatePath;
                settings["Fleet__DataProtection__Key"] = keyRingCertificate.KeyPath;
                if (i == 1)
                {
                    settings["Fleet__GatewayPort"] = GatewayPort.ToString(CultureInfo.InvariantCulture);
                }
                return settings;
            });
        }

        public async Task DisposeAsync()
        {
            await Plane.DisposeAsync();
            Authority.Dispose();
            Rogue.Dispose();
            KeyRingIssuer.Dispose();
        }
    }

    [Fact]
    public async Task Silos_with_certificates_from_one_authority_work_as_one_cluster()
    {
        using var first = _plane.Client(0);
        using var second = _plane.Client(1);
        var (application, _, _) = await _plane.DeployAsync(first, 1, "tls");

        var converged = await ControlPlane.WaitConvergedAsync(second, application, 1, _plane.Repository.Commit("tls"), Deadline);

        Assert.Single(converged["instances"]!.AsArray());
    }

    [Fact]
    public async Task The_key_ring_in_redis_is_encrypted_to_the_key_ring_certificate()
    {
        using var first = _plane.Client(0);
        using var second = _plane.Client(1);
        var (application, _, _) = await _plane.DeployAsync(first, 1, "keyring");
        // The cluster's token was encrypted by one silo; whichever silo hosts the instance reads it with the key ring.
        await ControlPlane.WaitConvergedAsync(second, application, 1, _plane.Repository.Commit("keyring"), Deadline);

        var key = await _plane.Redis.BulkAsync("LINDEX fleet:data-protection-keys 0");

        Assert.NotNull(key);
        Assert.Contains("EncryptedData", key, StringComparison.Ordinal);
        Assert.DoesNotContain("unencrypted form", key, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_silo_port_refuses_a_peer_without_a_certificate_from_the_authority()
    {
        var port = _plane.Silos[0].SiloPort;

        Assert.Equal(Handshake.Refused, await HandshakeAsync(port, clientCertificate: null));
        Assert.Equal(Handshake.Refused, await HandshakeAsync(port, _rogue.Issue("intruder").Certificate));
        Assert.Equal(Handshake.Refused, await PlaintextAsync(port));
    }

    [Fact]
    public async Task An_orleans_client_reaches_grains_only_with_a_certificate_from_the_authority()
    {
        await Assert.ThrowsAnyAsync<Exception>(() => CallManagementGrainAsync(clientCertificate: null));
        await Assert.ThrowsAnyAsync<Exception>(() => CallManagementGrainAsync(_rogue.Issue("intruder").Certificate));

        // The same client with a certificate from the authority gets through: the refusals above are the TLS check.
        var hosts = await CallManagementGrainAsync(_authority.Issue("operator").Certificate);
        Assert.Equal(2, hosts.Count(h => h.Value == SiloStatus.Active));
    }

    [Fact]
    public void A_silo_opens_no_gateway_unless_its_settings_ask_for_one()
    {
        var silo = _plane.Silos[0];

        var ports = ListeningPorts(silo.ProcessId);

        Assert.Equal(new[] { silo.HttpPort, silo.SiloPort }.Order(), ports.Order());
    }

    private enum Handshake
    {
        Refused,
        Accepted,
    }

    /// <summary>
    /// A TLS handshake with the silo port. With TLS 1.3 the server judges the client's certificate after the client
    /// has finished its side, so a refusal may only show on the first read: an alert or a closed connection.
    /// </summary>
    private static async Task<Handshake> HandshakeAsync(int port, X509Certificate2? clientCertificate)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, _, _, _) => true);
        using var timeout = new CancellationTokenSource(Deadline);
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "fleet-silo",
                ClientCertificates = clientCertificate is null ? null : [clientCertificate],
            }, timeout.Token);
            var buffer = new byte[1];
            return await tls.ReadAsync(buffer, timeout.Token) == 0 ? Handshake.Refused : Handshake.Accepted;
        }
        catch (Exception exception) when (exception is IOException or System.Security.Authentication.AuthenticationException)
        {
            return Handshake.Refused;
        }
    }

    /// <summary>Bytes that are not a TLS handshake (an Orleans connection preamble would be such bytes): closed.</summary>
    private static async Task<Handshake> PlaintextAsync(int port)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var stream = tcp.GetStream();
        using var timeout = new CancellationTokenSource(Deadline);
        await stream.WriteAsync(new byte[] { 0, 0, 0, 16, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 }, timeout.Token);
        try
        {
            var buffer = new byte[64];
            while (true)
            {
                if (await stream.ReadAsync(buffer, timeout.Token) == 0)
                {
                    return Handshake.Refused;
                }
            }
        }
        catch (IOException)
        {
            return Handshake.Refused;
        }
    }

    /// <summary>Connects an Orleans client to silo 1's gateway and asks the management grain for the silos.</summary>
    private async Task<Dictionary<SiloAddress, SiloStatus>> CallManagementGrainAsync(X509Certificate2? clientCertificate)
    {
        using var host = new HostBuilder()
            .UseOrleansClient(client =>
            {
                client.UseStaticClustering(new IPEndPoint(IPAddress.Loopback, _gatewayPort));
                // One attempt: a refused client would otherwise keep trying until the deadline.
                client.UseConnectionRetryFilter((_, _) => Task.FromResult(false));
                client.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = _plane.ClusterId;
                    o.ServiceId = _plane.ClusterId;
                });
                if (clientCertificate is not null)
                {
                    client.UseTls(clientCertificate, tls => tls.AllowAnyRemoteCertificate());
                }
            })
            .Build();
        using var timeout = new CancellationTokenSource(Deadline);
        await host.StartAsync(timeout.Token);
        try
        {
            var management = host.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0);
            return await management.GetHosts(onlyActive: true).WaitAsync(timeout.Token);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>The TCP ports the process listens on, from ss (iproute2).</summary>
    private static List<int> ListeningPorts(int processId)
    {
        var info = new ProcessStartInfo("ss", "-ltnpH") { RedirectStandardOutput = true, UseShellExecute = false };
        using var ss = Process.Start(info)!;
        var output = ss.StandardOutput.ReadToEnd();
        ss.WaitForExit();
        var ports = new List<int>();
        foreach (var line in output.Split('\n').Where(l => l.Contains($"pid={processId},", StringComparison.Ordinal)))
        {
            var local = Regex.Split(line.Trim(), @"\s+")[3];
            ports.Add(int.Parse(local[(local.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture));
        }
        return ports.Distinct().ToList();
    }
}
