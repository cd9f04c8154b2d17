# TuneBot: the Telegram bot (default entry point) and the catalog tool, in one runtime image.
#
#   docker build -t tunebot .
#   docker run --restart unless-stopped -e TUNEBOT_TOKEN=123:ABC -v tunebot-data:/app/data tunebot
#   (the bot exits on a fatal fault; the restart policy starts it again — README, "Keeping it running")
#   several instances on PostgreSQL behind nginx, in webhook mode: docs/scale-out/compose.yaml (README, "Several instances")
#   docker run --rm -v tunebot-data:/app/data -v ~/Music:/music:ro --entrypoint dotnet tunebot \
#       ingest/tunebot-ingest.dll ingest /music
#
# Configuration: appsettings.json next to the binaries, overridden by environment variables
# (Catalog__Provider, ConnectionStrings__Catalog, Telegram__ApiBaseUrl, TUNEBOT_TOKEN, Audio__…, Emotion__…).

# --- Build and publish both programs, for linux-x64 (Directory.Build.props): ONNX Runtime's native library comes
#     from its NuGet package and lands next to each program (an image for another platform needs another RID).
#     Both are published ReadyToRun (PublishReadyToRun in their project files; docs/performance.md).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY TuneBot.sln Directory.Build.props ./
COPY Core/Core.csproj Core/
COPY CatalogTool/CatalogTool.csproj CatalogTool/
COPY Bot/Bot.csproj Bot/
RUN dotnet restore Bot/Bot.csproj && dotnet restore CatalogTool/CatalogTool.csproj
COPY appsettings.json ./
COPY Core/ Core/
COPY CatalogTool/ CatalogTool/
COPY Bot/ Bot/
RUN dotnet publish Bot/Bot.csproj -c Release --no-restore -o /out/app \
 && dotnet publish CatalogTool/CatalogTool.csproj -c Release --no-restore -o /out/app/ingest

# --- Runtime: what the programs load or start at run time, nothing more.
#     ffmpeg/ffprobe: decoding and tags (built with libsoxr, the resampler librosa uses), preview cuts.
#     fonts-nanum: Hangul on the Korean map (drawn in-process by ScottPlot).
# aspnet, not runtime: the bot hosts Kestrel (webhook and health endpoints).
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg fonts-nanum \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /out/app/ ./
COPY models/ ./models/
# The catalog tool finds /app/models/ from /app/ingest/; the database lives in the volume /app/data
# (ConnectionStrings:Catalog = "Data Source=data/tunebot.db", relative to WORKDIR).
RUN mkdir -p /app/data && chown app /app/data
USER app
VOLUME ["/app/data"]
# Webhook (webhook mode) and /health/live, /health/ready (Urls in appsettings.json).
EXPOSE 8080
# Without TUNEBOT_TOKEN the bot is a console chat: only with a terminal (docker run -it); without one it exits 78
# with one line instead of ending at once and being restarted for ever.
ENV Console__RequireTerminal=true
ENTRYPOINT ["dotnet", "tunebot-bot.dll"]
