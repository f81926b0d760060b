using System.Net;
using Fleet.Grains.Runtime;
using Fleet.Silo.Security;
using Microsoft.AspNetCore.DataProtection;
using Orleans.Configuration;
using Orleans.Connections.Security;
using Orleans.Serialization;
using Orleans.Storage;
using StackExchange.Redis;

namespace Fleet.Silo.Hosting;

/// <summary>Configures the Orleans silo that hosts Fleet's grains.</summary>
public static class SiloHostingExtensions
{
    /// <summary>
    /// Local mode (<c>Fleet:Storage=Memory</c>, the default): localhost clustering, in-memory grain storage and reminders.
    /// Production mode (<c>Fleet:Storage=Redis</c>): Redis clustering, grain storage, reminders and Data Protection
    /// key ring, with Orleans Kubernetes hosting inside a pod. Invalid configuration stops the start with a message
    /// naming the key.
    /// </summary>
    public static IHostApplicationBuilder AddFleetSilo(this IHostApplicationBuilder builder)
    {
        var options = FleetHostingOptions.Read(builder.Configuration);
        builder.Services.AddFleetGrainServices();
        // Orleans deactivates grains (and lets a reconcile in flight finish) while the host stops: give it the time.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.ShutdownTimeout);
        if (options.Storage == FleetStorage.Redis)
        {
            builder.Services.AddDataProtection()
                .PersistKeysToStackExchangeRedis(ConnectLazily(options.RedisConnectionString!), FleetHostingOptions.DataProtectionKey);
        }
        if (options.KeyRing is { } keyRing)
        {
            KeyRingCertificates.Load(keyRing).ProtectKeys(builder.Services.AddDataProtection());
        }

        builder.UseOrleans(silo =>
        {
            if (options.MinimumReminderPeriod is { } minimum)
            {
                silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = minimum);
            }
            if (options.SiloTls is { } tls)
            {
                UseMutualTls(silo, new SiloCertificates(tls));
            }
            if (options.Storage == FleetStorage.Memory)
            {
                // Ports are configurable so that several local silos (or tests) can run on one machine.
                silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort);
                silo.AddMemoryGrainStorage("fleet");
                silo.UseInMemoryReminderService();
                return;
            }
            UseRedis(silo, options);
        });
        return builder;
    }

    private static void UseRedis(ISiloBuilder silo, FleetHostingOptions options)
    {
        var connectionString = options.RedisConnectionString!;
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = options.ClusterId;
            o.ServiceId = options.ServiceId;
        });
        // Failure detection may be tuned (Fleet:Membership:ProbeTimeout, NumMissedProbesLimit, ...): tests shorten it.
        silo.Services.AddOptions<ClusterMembershipOptions>().BindConfiguration("Fleet:Membership");
        if (options.Kubernetes)
        {
            // Pod name, namespace and IP come from the downward API (POD_NAME, POD_NAMESPACE, POD_IP).
            silo.Configure<EndpointOptions>(o =>
            {
                o.SiloPort = options.SiloPort;
                o.GatewayPort = options.GatewayPort;
            });
            silo.UseKubernetesHosting();
        }
        else
        {
            // Without an explicit address a silo advertises the machine's external IP; loopback keeps a local
            // cluster of processes (and tests) on one machine. Orleans' ConfigureEndpoints is not used: with
            // listenOnAnyHostAddress it binds a gateway even for port 0, on a port the kernel picks.
            var advertised = options.AdvertisedIP ?? IPAddress.Loopback;
            var listenOn = options.AdvertisedIP is null ? IPAddress.Loopback : IPAddress.Any;
            silo.Configure<EndpointOptions>(o =>
            {
                o.AdvertisedIPAddress = advertised;
                o.SiloPort = options.SiloPort;
                o.SiloListeningEndpoint = new IPEndPoint(listenOn, options.SiloPort);
                o.GatewayPort = options.GatewayPort;
                o.GatewayListeningEndpoint = options.GatewayPort > 0 ? new IPEndPoint(listenOn, options.GatewayPort) : null;
            });
        }
        silo.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(connectionString));
        // Grain state is stored with Orleans' own serializer: the state types are [GenerateSerializer] records with
        // stable ids, whereas the default JSON serializer writes runtime type names it then refuses to read back
        // (compiler-generated collections behind IReadOnlyList<T>, for instance).
        foreach (var name in new[] { "fleet", "PubSubStore" })
        {
            silo.AddRedisGrainStorage(name, o => o.Configure<Serializer>((storage, serializer) =>
            {
                storage.ConfigurationOptions = ConfigurationOptions.Parse(connectionString);
                storage.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
            }));
        }
        silo.UseRedisReminderService(o => o.ConfigurationOptions = ConfigurationOptions.Parse(connectionString));
    }

    /// <summary>
    /// Silo-to-silo (and gateway) connections speak TLS in both directions: each side presents its certificate and
    /// refuses a peer whose certificate does not chain to the configured authority, so reaching the port is not
    /// enough to call a grain.
    /// </summary>
    private static void UseMutualTls(ISiloBuilder silo, SiloCertificates certificates) =>
        silo.UseTls(tls =>
        {
            // Orleans checks at start that a client certificate is there; the selectors then pick a renewed one.
            tls.LocalCertificate = certificates.Current;
            tls.LocalServerCertificateSelector = (_, _) => certificates.Current;
            tls.LocalClientCertificateSelector = (_, _, _, _, _) => certificates.Current;
            tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
            tls.RemoteCertificateValidation = (certificate, _, errors) => certificates.IsTrusted(certificate, errors);
        });

    // The key ring connects on first use and keeps retrying in the background, so a Redis blip at start or later
    // does not take the process down; Orleans' own providers fail the start when Redis is unreachable.
    private static Func<IDatabase> ConnectLazily(string connectionString)
    {
        var connection = new Lazy<ConnectionMultiplexer>(() =>
        {
            var configuration = ConfigurationOptions.Parse(connectionString);
            configuration.AbortOnConnectFail = false;
            return ConnectionMultiplexer.Connect(configuration);
        });
        return () => connection.Value.GetDatabase();
    }
}
