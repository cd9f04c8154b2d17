# TuneBot: the Telegram bot (default entry point) and the catalog tool, in one runtime image.
#
#   docker build -t tunebot .
#   docker run -e TUNEBOT_TOKEN=123:ABC -v tunebot-data:/app/data tunebot
#   several instances on PostgreSQL behind nginx, in webhook mode: docs/scale-out/compose.yaml (README, "Several instances")
#   docker run --rm -v tunebot-data:/app/data -v ~/Music:/music:ro --entrypoint dotnet tunebot \
#       ingest/tunebot-ingest.dll ingest /music
#
# Configuration: appsettings.json next to the binaries, overridden by environment variables
# (Catalog__Provider, ConnectionStrings__Catalog, Telegram__ApiBaseUrl, TUNEBOT_TOKEN, Audio__…, Emotion__…).

# --- ONNX Runtime's native library (for the emotion classifier), fetched and sha256-checked by the same
#     script a developer's ./run.sh uses: npm's onnxruntime-node package bundles libonnxruntime.so.1.
FROM node:22-bookworm-slim AS onnxruntime
WORKDIR /src
COPY scripts/setup.d/20-onnxruntime.sh scripts/setup.d/
RUN TUNEBOT_CACHE=/tmp/cache bash scripts/setup.d/20-onnxruntime.sh

# --- Build and publish both programs.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY TuneBot.sln Directory.Build.props ./
COPY Core/Core.csproj Core/
COPY Ingest/Ingest.csproj Ingest/
COPY Bot/Bot.csproj Bot/
RUN dotnet restore Bot/Bot.csproj && dotnet restore Ingest/Ingest.csproj
COPY appsettings.json ./
COPY Core/ Core/
COPY Ingest/ Ingest/
COPY Bot/ Bot/
RUN dotnet publish Bot/Bot.csproj -c Release --no-restore -o /out/app \
 && dotnet publish Ingest/Ingest.csproj -c Release --no-restore -o /out/app/ingest

# --- Runtime: what the programs load or start at run time, nothing more.
#     ffmpeg/ffprobe: decoding and tags (built with libsoxr, the resampler librosa uses), preview cuts.
#     gnuplot-nox: the catalog map PNG; fonts-nanum: Hangul on the Korean map.
# aspnet, not runtime: the bot hosts Kestrel (webhook and health endpoints).
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends ffmpeg gnuplot-nox fonts-nanum \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /out/app/ ./
COPY --from=onnxruntime /src/.tools/onnxruntime/libonnxruntime.so.1 ./
COPY models/ ./models/
# The catalog tool finds the library next to itself too; the database lives in the volume /app/data
# (ConnectionStrings:Catalog = "Data Source=data/tunebot.db", relative to WORKDIR).
RUN ln -s ../libonnxruntime.so.1 /app/ingest/libonnxruntime.so.1 \
 && mkdir -p /app/data && chown app /app/data
USER app
VOLUME ["/app/data"]
# Webhook (webhook mode) and /health/live, /health/ready (Urls in appsettings.json).
EXPOSE 8080
ENTRYPOINT ["dotnet", "tunebot-bot.dll"]
