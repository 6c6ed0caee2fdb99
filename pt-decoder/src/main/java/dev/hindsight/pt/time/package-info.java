/**
 * Intel PT time: the TSC estimate from timing packets and the calibration of cycle counts.
 *
 * <p>Layer: pt-decoder, beside {@code packet}; used by the query/event layer and by ptdump. It
 * mirrors libipt's {@code pt_time.c} ({@code struct pt_time}, {@code struct pt_time_cal}) and the
 * time column of {@code ptdump}. It takes primitive packet payloads, never packet objects, so it
 * depends on nothing but {@link dev.hindsight.pt.PtError}.
 *
 * <p>The three clocks (Intel SDM Vol. 3C, Intel Processor Trace, "Tracking Time"):
 * <ul>
 *   <li><b>TSC</b>, the time stamp counter, ticks at the nominal (P1) frequency; a TSC packet
 *       carries its low 56 bits.</li>
 *   <li><b>CTC</b>, the core crystal clock (ART); an MTC packet carries
 *       {@code CTC[mtcFreq+7:mtcFreq]}, a TMA packet right after a TSC carries {@code CTC[15:0]}
 *       and the FastCounter (TSC ticks since the last CTC tick). One CTC tick is
 *       {@code CPUID.15H:EBX / CPUID.15H:EAX} TSC ticks.</li>
 *   <li><b>cycles</b>, the core clock; a CYC packet carries the cycles since the last CYC. Cycles
 *       are turned into TSC ticks with the fast-counter:cycles ratio (fcr), estimated by
 *       {@link dev.hindsight.pt.time.TimeCalibration} from CBR (P1/CBR) or by counting cycles
 *       between two MTCs or two TSCs.</li>
 * </ul>
 *
 * <p>Every method returns {@code 0} or {@code -PtError.code()} exactly where libipt returns an
 * error; nothing allocates on the update paths.
 */
package dev.hindsight.pt.time;
