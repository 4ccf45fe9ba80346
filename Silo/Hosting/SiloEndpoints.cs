namespace StreamML.Silo.Hosting;

/// <summary>Where a clustered silo listens and what it advertises: on a Kubernetes pod, or at the configured address.</summary>
internal static class SiloEndpoints
{
    /// <summary>
    /// Advertises the configured (or looked-up) address. Off a pod, the silo listens on that address only; with
    /// <see cref="StreamMLHostOptions.KubernetesHosting"/> (the address then being the pod's IP, from the downward API) it
    /// listens on every interface of its pod and uses Orleans' Kubernetes hosting: the pod's name as the silo name,
    /// and the pods of silos the membership declared dead deleted.
    /// </summary>
    public static ISiloBuilder UseStreamMLEndpoints(this ISiloBuilder silo, StreamMLHostOptions host)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(host);
        silo.ConfigureEndpoints(AdvertisedAddresses.Resolve(host), host.SiloPort, host.GatewayPort, listenOnAnyHostAddress: host.KubernetesHosting);
        return host.KubernetesHosting ? silo.UseKubernetesHosting() : silo;
    }
}
