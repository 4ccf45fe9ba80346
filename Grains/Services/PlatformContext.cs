using Microsoft.Extensions.Options;
using StreamML.Core.Entities;
using StreamML.Core.Features;
using StreamML.Core.Schema;
using StreamML.Grains.Options;

namespace StreamML.Grains.Services;

/// <summary>What every grain and service of a silo shares: the compiled feature plan, the model's name, the options and the clock.</summary>
public sealed class PlatformContext
{
    /// <summary>Creates the context from validated options.</summary>
    public PlatformContext(IOptions<FeatureSchema> schema, IOptions<EntityOptions> entity, IOptions<ModelOptions> model, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(model);
        Schema = schema.Value;
        Plan = FeaturePlan.Compile(Schema);
        Entity = entity.Value;
        Model = model.Value;
        Time = timeProvider;
        ModelName = Schema.Model;
    }

    /// <summary>The feature schema.</summary>
    public FeatureSchema Schema { get; }

    /// <summary>The compiled plan every entity shares.</summary>
    public FeaturePlan Plan { get; }

    /// <summary>The model the schema feeds.</summary>
    public string ModelName { get; }

    /// <summary>Entity options.</summary>
    public EntityOptions Entity { get; }

    /// <summary>Model options.</summary>
    public ModelOptions Model { get; }

    /// <summary>The clock.</summary>
    public TimeProvider Time { get; }
}
